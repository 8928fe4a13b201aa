"""Invariants of the demo seed data (pure data; no Django needed).

The figures come from the 锡山区 government's 2022 report on the 158
proposals of 区政协五届一次会议 (the product spec in shared/seed).
"""

from __future__ import annotations

import ast
import csv
import re
import unicodedata
from collections import Counter
from pathlib import Path

from tian.demo import seed_data as sd

ROOT = Path(__file__).resolve().parents[2]

# Titles exactly as the report prints them (ASCII commas, curly single quotes).
SEED_TITLES = {
    69: "关于缓解企业用工荒用工难的建议",
    18: "关于加快打造特色商业街区的建议",
    12: "关于鼓励0-3岁托育服务进入社区的建议",
    53: "关于加强无锡市运东大包围北兴塘北部区域畅水活流方案研究的建议",
    22: "关于深化网格化服务管理的建议",
    27: "关于高质量推进城市微更新行动的建议",
    29: "关于发展半导体装备制造业、加速集成电路产业发展的建议",
    58: "关于党建引领物业激发治理活力的建议",
    63: "关于提升基层综合行政执法能力有效承接赋权职能的建议",
    80: "关于紧抓关键增量,加快打造数字产业发展新高地的建议",
    89: "关于推动锡山加快股权投资集聚,形成\u2018产业+金融\u2019发展新格局的建议",
    93: "关于组建服务民营企业专家团促进经济高质量发展的建议",
    116: "关于进一步提升居家养老服务的相关建议",
    130: "关于加大文艺创作扶持力度擦亮锡山文化印记品牌的建议",
}
KEY_PROPOSERS = {
    22: "民进",
    27: "殷洁",
    29: "陆知纬",
    58: "张琳",
    63: "农工党",
    80: "经科农委",
    89: "九三学社",
    93: "提案委",
    116: "鹅湖镇工委会",
    130: "民盟",
}
SEED_MEMBERS = {"蒋加星", "胡艳峰", "殷洁", "陆知纬", "张琳"}
SEED_COLLECTIVES = {"民进", "农工党", "九三学社", "民盟", "经科农委", "提案委", "鹅湖镇工委会"}


def p(number: int, session: str = "xishan-2022") -> sd.ProposalSpec:
    return sd.get_proposal(number, session)


def unit_short(name: str) -> str:
    unit = sd.resolve_unit(name)
    assert unit is not None, name
    return unit.short_name


# --- numbering and totals ---------------------------------------------------


def test_158_proposals_numbered_1_to_158() -> None:
    numbers = [x.number for x in sd.PROPOSALS]
    assert len(sd.PROPOSALS) == sd.TOTAL_PROPOSALS == 158
    assert numbers == list(range(1, 159))
    assert {x.session for x in sd.PROPOSALS} == {"xishan-2022"}


def test_category_counts() -> None:
    expected = {"经济发展类": 53, "城乡建设管理类": 39, "社会事业类": 41, "社会治理及其他类": 25}
    assert expected == sd.CATEGORY_COUNTS
    assert list(sd.CATEGORY_COUNTS) == list(sd.CATEGORIES)
    assert dict(sd.category_counts()) == expected
    assert {c: len(v) for c, v in sd.proposals_by_category().items()} == expected


def test_grade_counts() -> None:
    assert sd.GRADE_COUNTS["A"] == 122
    assert sd.GRADE_COUNTS["B"] == 36
    assert dict(sd.grade_counts()) == {"A": 122, "B": 36}
    by_grade = sd.proposals_by_grade()
    assert list(by_grade) == ["A", "B", "C", "D"]
    assert {g: len(v) for g, v in by_grade.items()} == sd.GRADE_COUNTS
    assert round(100 * 122 / 158, 1) == sd.REPORT_FACTS["resolved_pct"] == 77.2
    assert round(100 * 36 / 158, 1) == sd.REPORT_FACTS["in_progress_pct"] == 22.8


def test_grades_definition() -> None:
    assert [(g.code, g.label, g.stat) for g in sd.GRADES] == [
        ("A", "已解决或基本解决", "resolved"),
        ("B", "正在解决或列入计划逐步解决", "in_progress"),
        ("C", "因条件限制暂未解决", "not_now"),
        ("D", "留作参考", "reference"),
    ]
    assert {x.grade for x in sd.all_proposals()} <= {g.code for g in sd.GRADES}
    assert sd.grade_by_code("B").stat == "in_progress"


def test_smallest_other_numbers_match_report() -> None:
    # "其余第1、2、5号等120件" and "其余第3、4、8号等34件"
    for n in (1, 2, 5, 6, 7):
        assert p(n).grade == "A", n
    for n in (3, 4, 8):
        assert p(n).grade == "B", n
    examples = set(sd.REPORT_EXAMPLES)
    other_a = sorted(x.number for x in sd.PROPOSALS if x.grade == "A" and x.number not in examples)
    other_b = sorted(x.number for x in sd.PROPOSALS if x.grade == "B" and x.number not in examples)
    assert len(other_a) == 120 and other_a[:3] == [1, 2, 5]
    assert len(other_b) == 34 and other_b[:3] == [3, 4, 8]


# --- seed-named proposals ---------------------------------------------------


def test_seed_titles_exact() -> None:
    for n, title in SEED_TITLES.items():
        assert p(n).title == title, n
        assert not p(n).illustrative, n
    # the report uses ASCII commas and no full-width ones
    assert "\uff0c" not in p(80).title + p(89).title
    assert "," in p(80).title


def shared_dir() -> Path:
    """The project's shared/ folder, which sits beside the checkout (as in CI)."""
    for parent in ROOT.parents:
        if (parent / "shared" / "seed").is_dir():
            return parent / "shared"
    raise AssertionError(f"shared/ (seed and data) not found beside {ROOT}")


def test_seed_titles_present_in_seed_text() -> None:
    seed_dir = shared_dir() / "seed"
    texts = [f.read_text(encoding="utf-8") for f in sorted(seed_dir.glob("*.txt"))]
    assert texts, f"no seed report in {seed_dir}"
    seed = "\n".join(texts)
    for title in SEED_TITLES.values():
        assert title in seed, title
    for x in sd.CROSS_YEAR_PROPOSALS:
        assert x.title in seed, x.title


def test_report_examples() -> None:
    assert [x.number for x in sd.report_examples()] == [69, 18, 12, 53]
    assert [x.number for x in sd.PROPOSALS if x.is_report_example] == [12, 18, 53, 69]

    x = p(69)
    assert (x.lead_proposer, x.grade, unit_short(x.lead_unit)) == ("蒋加星", "A", "人社局")
    assert x.category == "经济发展类"

    x = p(18)
    assert (x.lead_proposer, x.grade, unit_short(x.lead_unit)) == ("胡艳峰", "A", "商务局")
    assert len(x.co_proposers) >= 1  # 胡艳峰等委员

    x = p(12)
    assert (x.grade, unit_short(x.lead_unit)) == ("B", "卫健委")
    assert "lead_proposer" in x.inferred
    assert sd.proposer_kind(x.lead_proposer) == "member"

    x = p(53)
    assert (x.grade, unit_short(x.lead_unit)) == ("B", "水利局")
    assert "lead_proposer" in x.inferred


def test_report_example_summaries_carry_the_figures() -> None:
    figures = {
        69: ["8031", "6174.58", "1517", "402", "8530", "123", "2300", "27", "2700", "117.6"],
        18: ["2022-2025", "7个", "映月天地", "九里仓", "荡口"],
        12: ["2家", "29家", "17家", "2920", "3.3"],
        53: ["3个", "九里河", "三年计划"],
        22: ["713", "94", "18个", "6套", "41个"],
        27: ["63个", "2个", "58个", "3个"],
        29: ["8家", "松瓷", "钙钛矿", "核力创芯"],
        58: ["56个", "24个"],
        63: ["500", "1:3"],
        80: ["218", "155", "75", "115", "26", "1.79", "6700", "18家"],
        89: ["115家", "665.4", "QFLP", "50亿", "20亿", "8.9亿", "2.4亿", "6.5亿", "219", "71.2"],
        93: ["阿福税通", "工信课堂", "专家库"],
        116: ["4.5%", "21.73%", "2023"],
        130: ["30万", "75个", "106.6", "30个", "46场", "75场"],
    }
    for n, needles in figures.items():
        summary = p(n).summary
        assert len(summary) > 150, n
        for needle in needles:
            assert needle in summary, (n, needle)


def test_key_proposals() -> None:
    keys = sd.key_proposals()
    assert [x.number for x in keys] == sorted(KEY_PROPOSERS)
    assert len(keys) == sd.REPORT_FACTS["key_proposals"] == 10
    for x in keys:
        assert x.lead_proposer == KEY_PROPOSERS[x.number]
        assert x.title == SEED_TITLES[x.number]
        head = sd.leader_by_name(x.key_leader or "")
        assert head is not None and head.organisation == "gov"
        assert head.title in {"区长", "常务副区长", "副区长"}
        assert x.supervisors
        for name in x.supervisors:
            sup = sd.leader_by_name(name)
            assert sup is not None and sup.organisation == "cppcc"
            assert sup.title in {"主席", "副主席"}
    for x in sd.PROPOSALS:
        if not x.is_key:
            assert x.key_leader is None and not x.supervisors, x.number
    # "分别由区政府各位区长领办": every district head leads at least one
    gov = {x.name for x in sd.LEADERS if x.organisation == "gov"}
    assert gov == {x.key_leader for x in keys}


def test_unit_named_in_93_summary_are_its_units() -> None:
    x = p(93)
    shorts = {unit_short(u) for u in (x.lead_unit, *x.co_units)}
    assert {"工商联", "税务局", "工信局", "应急局"} <= shorts


# --- cross-year -------------------------------------------------------------


def test_sessions() -> None:
    cur, prev = sd.CURRENT_SESSION, sd.PREVIOUS_SESSION
    assert (cur.slug, cur.term, cur.name, cur.year) == (
        "xishan-2022",
        "第五届",
        "五届一次会议",
        2022,
    )
    assert (prev.slug, prev.term, prev.name, prev.year) == (
        "xishan-2021",
        "第四届",
        "四届五次会议",
        2021,
    )
    assert cur.is_current and not prev.is_current
    for s in sd.SESSIONS:
        assert s.body == sd.CPPCC_BODY.slug
        assert s.categories == ("经济发展类", "城乡建设管理类", "社会事业类", "社会治理及其他类")
        assert s.grades == sd.GRADES


def test_cross_year_proposals() -> None:
    xs = sd.CROSS_YEAR_PROPOSALS
    assert len(xs) == sd.REPORT_FACTS["cross_year_proposals"] == 2
    first, twentieth = p(1, "xishan-2021"), p(20, "xishan-2021")
    assert first.title == "关于加强消防设施维修保养检测的建议"
    assert twentieth.title == "关于加速推动锡山\u2018创新飞地\u2019建设的建议"
    assert first.lead_unit == "区消防救援大队"
    assert unit_short(twentieth.lead_unit) == "科技局"
    for x in xs:
        assert x.session == "xishan-2021"
        assert x.grade == "B"
        assert x.tracked_in == "xishan-2022"
        assert x.followup_summary and x.summary
        assert sd.proposer_kind(x.lead_proposer) == "member"
        member = next(m for m in sd.MEMBERS if m.name == x.lead_proposer)
        assert member.illustrative
    assert "1719" in first.followup_summary and "284" in first.followup_summary
    assert "4934" in twentieth.followup_summary and "106" in twentieth.followup_summary
    # numbers are unique per session only
    assert p(1).title != first.title and p(20).title != twentieth.title
    keys = [(x.session, x.number) for x in sd.all_proposals()]
    assert len(keys) == len(set(keys)) == 160


# --- referential integrity --------------------------------------------------


def test_bodies() -> None:
    assert (sd.CPPCC_BODY.name, sd.CPPCC_BODY.full_name, sd.CPPCC_BODY.kind) == (
        "锡山区政协",
        "中国人民政治协商会议无锡市锡山区委员会",
        "cppcc",
    )
    assert (sd.NPC_BODY.name, sd.NPC_BODY.kind) == ("锡山区人大", "npc")
    assert len({b.slug for b in sd.BODIES}) == len(sd.BODIES)
    assert not [s for s in sd.SESSIONS if s.body == sd.NPC_BODY.slug]


def test_units_unique_and_resolvable() -> None:
    names = [u.name for u in sd.UNITS]
    assert 28 <= len(names) <= 45
    keys = [k for u in sd.UNITS for k in (u.name, u.short_name, *u.aliases)]
    dupes = [k for k, c in Counter(keys).items() if c > 1]
    # a short name may equal its own canonical name only when it is the same unit
    for k in dupes:
        assert len({u.name for u in sd.UNITS if k in (u.name, u.short_name, *u.aliases)}) == 1, k
    for short in ("人社局", "商务局", "卫健委", "水利局", "工商联", "税务局", "工信局", "应急局"):
        assert sd.resolve_unit(short) is not None, short
    for name in ("区人力资源和社会保障局", "区商务局", "区卫生健康委员会", "区消防救援大队"):
        assert name in names
    assert sd.resolve_unit("区科技局") == sd.resolve_unit("区科学技术局")
    kinds = {"department", "party", "township", "other"}
    assert {u.kind for u in sd.UNITS} <= kinds


def test_every_unit_reference_exists() -> None:
    names = sd.unit_names()
    for x in sd.all_proposals():
        assert x.lead_unit in names, (x.session, x.number, x.lead_unit)
        for u in x.co_units:
            assert u in names, (x.session, x.number, u)
        assert x.lead_unit not in x.co_units
        assert len(set(x.co_units)) == len(x.co_units)
    for a in sd.ACCOUNTS:
        assert a["unit"] is None or a["unit"] in names


def test_every_proposer_reference_exists() -> None:
    members, collectives = sd.member_names(), sd.collective_names()
    assert not members & collectives
    for x in sd.all_proposals():
        assert sd.proposer_kind(x.lead_proposer) is not None, x.number
        for name in x.co_proposers:
            assert name in members, (x.number, name)
        assert x.lead_proposer not in x.co_proposers
        assert len(set(x.co_proposers)) == len(x.co_proposers)
        if x.lead_proposer in collectives:
            assert not x.co_proposers


def test_every_leader_reference_exists() -> None:
    names = {x.name for x in sd.LEADERS}
    for x in sd.all_proposals():
        if x.key_leader:
            assert x.key_leader in names
        assert set(x.supervisors) <= names


def test_people_names_unique() -> None:
    people = [m.name for m in sd.MEMBERS] + [x.name for x in sd.LEADERS]
    assert len(people) == len(set(people))
    for name in people:
        assert re.fullmatch(r"[\u4e00-\u9fff]{2,3}", name), name


def test_proposers() -> None:
    assert sd.member_names() >= SEED_MEMBERS
    assert sd.collective_names() >= SEED_COLLECTIVES
    for m in sd.MEMBERS:
        assert m.illustrative == (m.name not in SEED_MEMBERS)
        assert m.sector
    for c in sd.COLLECTIVES:
        assert c.illustrative == (c.name not in SEED_COLLECTIVES)
        assert c.kind in {"party", "special_committee", "township_committee", "sector"}
        assert c.full_name
    illustrative_members = [m for m in sd.MEMBERS if m.illustrative]
    assert 60 <= len(illustrative_members) <= 80


def test_proposer_mix() -> None:
    kinds = Counter(sd.proposer_kind(x.lead_proposer) for x in sd.PROPOSALS)
    joint = [x for x in sd.PROPOSALS if x.is_joint]
    assert kinds["member"] > 100
    assert 10 <= kinds["collective"] <= 40
    assert 10 <= len(joint) <= 50
    assert {x.lead_proposer for x in sd.PROPOSALS} >= SEED_COLLECTIVES


def test_leaders() -> None:
    gov = [x for x in sd.LEADERS if x.organisation == "gov"]
    cppcc = [x for x in sd.LEADERS if x.organisation == "cppcc"]
    assert [x.title for x in gov].count("区长") == 1
    assert len(gov) >= 4
    assert [x.title for x in cppcc].count("主席") == 1
    assert [x.title for x in cppcc].count("副主席") >= 2
    assert {x.organisation for x in sd.LEADERS} == {"gov", "cppcc"}
    assert all(x.illustrative for x in sd.LEADERS)


# --- titles -----------------------------------------------------------------


def test_no_duplicate_titles() -> None:
    titles = [x.title for x in sd.PROPOSALS]
    dupes = [t for t, c in Counter(titles).items() if c > 1]
    assert not dupes
    normalised = {unicodedata.normalize("NFKC", t) for t in titles}
    assert len(normalised) == len(titles)


def test_illustrative_flags() -> None:
    seed_named = set(SEED_TITLES)
    for x in sd.PROPOSALS:
        assert x.illustrative == (x.number not in seed_named), x.number
        assert x.summary, x.number
        if x.illustrative:
            assert not x.is_key and not x.is_report_example and not x.inferred
        else:
            assert x.source_url is None


def test_csv_titles_carry_sources() -> None:
    rows = sd.public_csv_rows()
    pairs = {(r["title"], r["source_url"]) for r in rows}
    sourced = [x for x in sd.PROPOSALS if x.source_url]
    assert len(sourced) >= 30
    for x in sourced:
        original = x.source_title or x.title
        assert (original, x.source_url) in pairs, x.number
        if x.source_title:
            assert x.source_title != x.title
    for x in sd.PROPOSALS:
        if x.source_title:
            assert x.source_url


def test_csv_copy_is_unchanged() -> None:
    shared = shared_dir() / "data" / "proposals-public.csv"
    assert sd.PUBLIC_CSV.read_bytes() == shared.read_bytes()
    with sd.PUBLIC_CSV.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header[0] == "title" and header[-1] == "source_url"


# --- accounts ---------------------------------------------------------------


def test_accounts() -> None:
    usernames = [a["username"] for a in sd.ACCOUNTS]
    assert len(usernames) == len(set(usernames))
    for a in sd.ACCOUNTS:
        assert set(a) == {
            "username",
            "password",
            "display_name",
            "roles",
            "unit",
            "proposer",
            "leader",
        }
        assert re.fullmatch(r"[a-z][a-z0-9_]*", str(a["username"]))
        assert a["password"] == sd.DEMO_PASSWORD
        assert a["roles"] and set(a["roles"]) <= set(sd.ROLES)  # type: ignore[arg-type]
        assert a["proposer"] is None or sd.proposer_kind(str(a["proposer"]))
        assert a["leader"] is None or sd.leader_by_name(str(a["leader"]))

    def has(role: str, **kw: object) -> bool:
        return any(
            role in a["roles"] and all(a[k] == v for k, v in kw.items())  # type: ignore[operator]
            for a in sd.ACCOUNTS
        )

    assert has("cppcc_staff") and has("gov_office")
    for unit in ("区人力资源和社会保障局", "区商务局"):
        assert has("unit_staff", unit=unit) and has("unit_leader", unit=unit)
    assert has("unit_staff", unit="区卫生健康委员会")
    for name in ("蒋加星", "胡艳峰", "殷洁", "民进"):
        assert has("member", proposer=name)
    assert has("system_admin") and has("security_admin") and has("audit_admin")
    leaders = [sd.leader_by_name(str(a["leader"])) for a in sd.ACCOUNTS if a["leader"]]
    assert any(
        x and x.organisation == "gov" and x.name in {k.key_leader for k in sd.key_proposals()}
        for x in leaders
    )
    assert any(x and x.organisation == "cppcc" and x.title == "主席" for x in leaders)
    # the three security roles are never combined in one account
    admin = {"system_admin", "security_admin", "audit_admin"}
    for a in sd.ACCOUNTS:
        assert len(admin & set(a["roles"])) <= 1  # type: ignore[arg-type]


# --- module hygiene ---------------------------------------------------------


def test_module_is_pure_python() -> None:
    tree = ast.parse(Path(sd.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert imported <= {"__future__", "csv", "collections", "dataclasses", "pathlib"}
