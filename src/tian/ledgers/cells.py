"""A ledger's columns and the parsers of its cells.

Numbers, proposer names, units, dates, flags, verdicts and leaders, as real ledgers write them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tian.directory.models import Leader, Proposer
from tian.handling.models import Assignment, Verdict
from tian.lib.sheets import SPACES, CellError, clean_text, is_blank, nfkc, normalise_header
from tian.proposals.models import Status

Progress = Callable[[int, int], None]

PLACEHOLDER_PROPOSER = "未注明提案者"


# --------------------------------------------------------------------------- columns


@dataclass(frozen=True)
class Column:
    """A ledger column: the field it fills, the header we write, the headers we accept."""

    field: str
    header: str
    aliases: tuple[str, ...]


# Aliases are in order of preference: when a sheet has both 提案号 and 序号, 提案号 is the number.
COLUMNS: tuple[Column, ...] = (
    Column(
        "number",
        "编号",
        ("提案号", "案号", "编号", "提案编号", "建议号", "建议编号", "提案序号", "序号"),
    ),
    Column(
        "title",
        "题目",
        ("标题", "题目", "提案标题", "提案题目", "建议标题", "建议题目", "提案名称", "案由"),
    ),
    Column(
        "lead_proposer",
        "提案人",
        ("提案人", "提案者", "领衔人", "第一提案人", "领衔提案人", "建议人", "领衔代表", "提出人"),
    ),
    Column(
        "co_proposers",
        "联名人",
        ("联名人", "附议人", "联名提案人", "联名委员", "联名代表", "附议委员"),
    ),
    Column("category", "类别", ("类别", "分类", "提案类别", "建议类别")),
    Column("lead_units", "主办单位", ("主办单位", "承办单位", "牵头单位", "主办")),
    Column("co_units", "协办单位", ("协办单位", "协办")),
    Column("joint_units", "会办单位", ("会办单位", "会办")),
    Column(
        "grade",
        "办理结果",
        ("办理结果", "答复类别", "办理类别", "办理结果分类", "答复类型", "结果类别"),
    ),
    Column(
        "verdict",
        "满意度",
        ("满意度", "委员意见", "评价意见", "代表意见", "满意情况", "征询意见"),
    ),
    Column(
        "is_key",
        "重点提案",
        ("是否重点提案", "重点提案", "是否重点", "重点", "是否重点建议", "重点建议"),
    ),
    Column("lead_leader", "领办领导", ("领办领导", "领办")),
    Column("supervisors", "督办领导", ("督办领导", "督办")),
    Column("assigned_on", "交办日期", ("交办日期", "交办时间")),
    Column("replied_on", "答复日期", ("答复日期", "答复时间", "办复日期", "办复时间")),
)
COLUMN_BY_FIELD = {column.field: column for column in COLUMNS}
COLUMN_BY_FIELD_INDEX = {column.field: index for index, column in enumerate(COLUMNS)}
_ALIASES: dict[str, tuple[str, int]] = {}
for _column in COLUMNS:
    for _rank, _alias in enumerate(_column.aliases):
        _ALIASES.setdefault(_alias, (_column.field, _rank))

UNIT_FIELDS = {
    "lead_units": Assignment.Role.LEAD,
    "co_units": Assignment.Role.CO,
    "joint_units": Assignment.Role.JOINT,
}
ROLE_RANK = {Assignment.Role.LEAD: 0, Assignment.Role.JOINT: 1, Assignment.Role.CO: 2}


# --------------------------------------------------------------------------- pure parsers


_LIST_SEPARATORS = re.compile(r"[、,，;；/／|｜\n\r]+")
_UNIT_SEPARATORS = re.compile(r"[、,，;；/／|｜\s\u3000]+")
_PARENTHESES = re.compile(r"[(\[【][^()\[\]【】]*[)\]】]")


def match_header(text: Any) -> str | None:
    """The field a header names ("提 案 号\\n" → "number"), or None for a column we do not use."""
    found = match_header_ranked(text)
    return found[0] if found else None


def match_header_ranked(text: Any) -> tuple[str, int] | None:
    """The field a header names and the rank of that spelling among its aliases (0: preferred)."""
    header = normalise_header(text)
    if not header:
        return None
    return _ALIASES.get(header) or _ALIASES.get(_PARENTHESES.sub("", header))


_MEMBER_SUFFIX = re.compile(r"(?:等\d*[名位个]?(?:委员|代表|同志|人)?|委员|代表|同志)$")
_ANNOTATION = re.compile(r"\(([^()]*)\)")

PARTY_KEYWORDS = ("民革", "民盟", "民建", "民进", "农工", "致公", "九三", "台盟")
PARTY_KEYWORDS += ("国民党革命委员会", "民主同盟", "民主建国会", "民主促进会")
GROUP_KEYWORDS = ("工商联", "妇联", "共青团", "团区委", "团市委", "总工会", "科协", "侨联")
GROUP_KEYWORDS += ("青联", "台联", "文联", "残联", "工商业联合会")
ORGANISATION_KEYWORDS = ("政协", "人大", "委员会", "工委", "支部", "小组", "联组", "界别")
ORGANISATION_KEYWORDS += ("代表团", "专委", "学会", "协会", "商会")
ORGANISATION_KEYWORDS += PARTY_KEYWORDS + GROUP_KEYWORDS
# Personal names are two to four characters; three-character ones may end in 会, 社, 联 …,
# so those suffixes count only for longer names.
STRONG_SUFFIXES = ("委", "界", "党", "支部")
WEAK_SUFFIXES = (
    "会",
    "局",
    "社",
    "联",
    "组",
    "团",
    "院",
    "办",
    "室",
    "处",
    "所",
    "厅",
    "部",
    "中心",
)


def is_organisation(name: str) -> bool:
    """True when a proposer's name is an organisation (民盟, 九三学社区委, 经科农委, 教育界 …)."""
    if any(keyword in name for keyword in ORGANISATION_KEYWORDS):
        return True
    if len(name) >= 3 and name.endswith(STRONG_SUFFIXES):
        return True
    return len(name) >= 4 and name.endswith(WEAK_SUFFIXES)


def guess_collective_kind(name: str) -> str:
    """The kind of collective a name suggests: party, group, township committee, sector …"""
    kinds = Proposer.CollectiveKind
    if any(keyword in name for keyword in PARTY_KEYWORDS):
        return kinds.PARTY
    if any(keyword in name for keyword in GROUP_KEYWORDS):
        return kinds.GROUP
    if re.search(r"镇|街道|乡", name) and ("工委" in name or name.endswith("委")):
        return kinds.TOWNSHIP_COMMITTEE
    if name.endswith(("界", "界别")) or "界别" in name:
        return kinds.SECTOR
    if "代表团" in name:
        return kinds.DELEGATION
    if name.endswith(("委", "委员会", "专委")):
        return kinds.SPECIAL_COMMITTEE
    return kinds.OTHER


def clean_proposer_name(text: str) -> tuple[str, bool]:
    """A proposer's name without 委员/代表/等委员/(集体) annotations, and whether it said 集体."""
    collective = False

    def drop(match: re.Match[str]) -> str:
        nonlocal collective
        collective = collective or "集体" in match.group(1)
        return ""

    name = SPACES.sub("", _ANNOTATION.sub(drop, nfkc(text)))
    if name.endswith("集体") and len(name) > 3:
        name, collective = name[:-2], True
    stripped = _MEMBER_SUFFIX.sub("", name)
    if len(stripped) >= 2:
        name = stripped
    return name, collective


@dataclass(frozen=True)
class ProposerName:
    """A proposer as a ledger names it; `collective` when the cell said so (集体)."""

    name: str
    collective: bool = False


def parse_proposers(value: Any) -> list[ProposerName]:
    """Proposers in a cell, in order: "张三、李四" → 张三, 李四; "王 伟" stays one name."""
    found: list[ProposerName] = []
    for piece in _LIST_SEPARATORS.split(nfkc(value)):
        parts = piece.split()
        if not parts:
            continue
        cleaned = [clean_proposer_name(part) for part in parts]
        if len(parts) > 1 and not all(len(name) >= 2 for name, _ in cleaned):
            cleaned = [clean_proposer_name("".join(parts))]
        for name, collective in cleaned:
            if name and all(p.name != name for p in found):
                found.append(ProposerName(name, collective))
    return found


_UNIT_ROLE = re.compile(r"(.+?)[(（](主办|牵头|协办|配合|会办)(?:单位)?[)）]")
_UNIT_ROLE_NAMES = {
    "主办": Assignment.Role.LEAD,
    "牵头": Assignment.Role.LEAD,
    "协办": Assignment.Role.CO,
    "配合": Assignment.Role.CO,
    "会办": Assignment.Role.JOINT,
}


def split_units(value: Any) -> list[tuple[str, str | None]]:
    """Unit names in a cell with any role written beside them: "区住建局(主办)、区交通局"."""
    tokens = [token for token in _UNIT_SEPARATORS.split(str(value)) if token]
    merged: list[str] = []
    carry = ""
    for token in tokens:
        # "区 住建局": a lone one-character piece belongs to the name that follows.
        if len(token) == 1:
            carry += token
            continue
        merged.append(carry + token)
        carry = ""
    if carry:
        if merged:
            merged[-1] += carry
        else:
            merged.append(carry)
    units: list[tuple[str, str | None]] = []
    for token in merged:
        match = _UNIT_ROLE.fullmatch(token)
        if match:
            units.append((match.group(1), str(_UNIT_ROLE_NAMES[match.group(2)])))
        else:
            units.append((token, None))
    return units


def unit_key(name: str) -> str:
    """The form in which unit names are compared: half-width, without spaces."""
    return SPACES.sub("", nfkc(name))


def unit_name_variants(name: str) -> list[str]:
    """A unit name with and without a leading 区/市/县: 住建局 ↔ 区住建局, 市住建局, 县住建局."""
    key = unit_key(name)
    if len(key) > 2 and key[0] in "区市县":
        return [key, key[1:]]
    return [key, f"区{key}", f"市{key}", f"县{key}"]


_TRUE = {"是", "√", "✓", "✔", "☑", "Y", "YES", "1", "重点", "是重点", "重点提案", "重点建议", "★"}
_FALSE = {"否", "×", "✗", "✘", "N", "NO", "0", "不是", "非重点", "一般", "-"}


def parse_flag(value: Any) -> bool | None:
    """是/√/Y/1/重点 → True, 否/×/N/0 → False, an empty cell → None."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    text = SPACES.sub("", nfkc(value)).upper()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if text in _TRUE or text == "TRUE":
        return True
    if text in _FALSE or text == "FALSE":
        return False
    raise CellError(f"无法识别“{clean_text(value)}”,请填写“是”或“否”")


_VERDICTS = {str(choice.label): choice.value for choice in Verdict}


def parse_verdict(value: Any) -> tuple[str, str] | None:
    """满意/基本满意/不满意 → (attitude, result), both the same; "满意/基本满意" gives each."""
    if is_blank(value):
        return None
    parts = [part for part in re.split(r"[/,、;]", SPACES.sub("", nfkc(value))) if part]
    verdicts = [_VERDICTS.get(part) for part in parts]
    if not verdicts or None in verdicts or len(verdicts) > 2:
        raise CellError(f"无法识别满意度“{clean_text(value)}”,应为满意、基本满意或不满意")
    attitude, result = (verdicts[0], verdicts[-1])
    return str(attitude), str(result)


def verdict_text(attitude: str, result: str) -> str:
    """The cell text for a verdict: "满意", or "满意/基本满意" when attitude and result differ."""
    labels = Verdict(attitude).label, Verdict(result).label
    return str(labels[0]) if attitude == result else f"{labels[0]}/{labels[1]}"


_TITLE_WORDS = ("书记", "主席", "长", "主任", "常委", "主委", "委员", "政委", "秘书")
_TITLE_THEN_NAME = re.compile(rf"(.+?(?:{'|'.join(_TITLE_WORDS)}))(\S{{2,4}})")
_NAME_THEN_TITLE = re.compile(r"(.+?)\(([^()]+)\)")


def _split_title(token: str) -> tuple[str, str]:
    match = _NAME_THEN_TITLE.fullmatch(token)
    if match:
        return match.group(2), match.group(1)
    match = _TITLE_THEN_NAME.fullmatch(token)
    if match:
        return match.group(1), match.group(2)
    return "", token


def parse_leaders(value: Any) -> list[tuple[str, str]]:
    """Leaders in a cell as (title, name): "副区长 王某、区政协主席李某" → both, with titles."""
    leaders: list[tuple[str, str]] = []
    for piece in _LIST_SEPARATORS.split(nfkc(value)):
        pending: list[str] = []
        for token in piece.split():
            if token.endswith(_TITLE_WORDS) and len(token) >= 2 and _split_title(token)[0] == "":
                pending.append(token)
                continue
            title, name = _split_title(token)
            leaders.append(("".join([*pending, title]), name))
            pending = []
        if pending:
            # A lone trailing "title" is really a name that happens to end like one (王长).
            leaders.append(("".join(pending[:-1]), pending[-1]))
    seen: set[str] = set()
    unique = []
    for title, name in leaders:
        if name not in seen:
            seen.add(name)
            unique.append((title, name))
    return unique


def leader_organisation(title: str) -> str:
    """The organisation a leader's title suggests: 政协 for 主席, 党委 for 书记 …"""
    kinds = Leader.Organisation
    if "政协" in title or "主席" in title:
        return kinds.CPPCC
    if "人大" in title:
        return kinds.NPC
    if re.search(r"[区市县镇乡]长", title):
        return kinds.GOVERNMENT
    if re.search(r"书记|常委|部长", title):
        return kinds.PARTY
    return kinds.GOVERNMENT


def derive_status(*, has_units: bool, has_reply: bool, has_verdict: bool) -> str:
    """The status an imported proposal's data implies: verdict → closed, reply → replied …"""
    if has_verdict:
        return Status.CLOSED
    if has_reply:
        return Status.REPLIED
    if has_units:
        return Status.ASSIGNED
    return Status.FILED
