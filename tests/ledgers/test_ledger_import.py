"""Importing a ledger (台账): messy real-world sheets are read, broken ones refused whole,
and importing the same sheet again changes nothing."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from tian.audit.events import EventType
from tian.audit.models import AuditEvent
from tian.directory.models import Leader, Proposer, Unit
from tian.handling.models import Assignment, Feedback, Reply, Verdict
from tian.ledgers.plan import validate
from tian.ledgers.write import import_ledger
from tian.lib.sheets import LedgerError
from tian.proposals.models import CoSignature, Proposal, Status
from tian.supervision.models import KeyProposal

pytestmark = pytest.mark.django_db

MESSY_HEADER = [
    "序号",
    " 提案号 ",
    "案  由",
    "提案人",
    "联名人",
    "类\n别",
    "主办单位",
    "协办单位",
    "办理结果",
    "满意度",
    "是否重点提案",
    "领办领导",
    "督办领导",
    "交办日期",
    "答复日期",
    "备注",
]
MESSY_ROWS = [
    MESSY_HEADER,
    [
        1,
        "１",
        "关于加快 老旧小区 改造的建议 ",
        "胡艳峰等委员",
        "李红、王晓明",
        "城乡建设管理类",
        "住建局",
        "区财政局、区交通局",
        "A",
        "满意",
        "是",
        "副区长 赵国强",
        "区政协主席 钱伟、区政协副主席孙丽",
        datetime(2022, 3, 1),
        "2022年5月20日",
        "",
    ],
    [
        2,
        "第12号",
        "关于发展夜间经济的建议",
        "九三学社区委(集体)",
        None,
        " 经济发展类",
        "区教育局、区卫健委",
        None,
        "B类",
        "基本满意",
        "否",
        None,
        None,
        "2022/3/1",
        "2022.6.1",
        "已办结",
    ],
    [None] * 16,
    [
        3,
        "003",
        "关于优化公交线路的建议",
        "张三(委员)",
        "",
        "城乡建设管理类",
        "区交通运输局  区住房和城乡建设局",
        "",
        "",
        "",
        "",
        "",
        "",
        "2022-03-01",
        "",
        "",
    ],
    [4, "4号", "关于加强校园周边交通安全的建议", "鹅湖镇工委会", *[None] * 12],
    [5, "第 ５ 号", "关于支持民营企业发展的建议", "民盟、民进", "", "经济发展类", *[None] * 10],
]
TITLE_ROWS = [["测试区政协五届一次会议提案办理情况台账"], ["填报单位:提案委  2022年12月"]]


@pytest.fixture
def messy_ledger(write_ledger):
    return write_ledger(MESSY_ROWS, above=TITLE_ROWS, merge_title=True)


def _proposal(session, number: int) -> Proposal:
    return Proposal.objects.get(session=session, number=number)


def test_a_messy_ledger_is_imported_with_everything_it_states(session, units, messy_ledger):
    report = import_ledger(session, messy_ledger)

    assert sorted(report.created) == [1, 3, 4, 5, 12]
    assert report.updated == [] and report.unchanged == []
    first = _proposal(session, 1)
    assert first.title == "关于加快老旧小区改造的建议"
    assert first.category.name == "城乡建设管理类"
    assert first.lead_proposer.name == "胡艳峰"
    assert first.lead_proposer.kind == Proposer.Kind.MEMBER
    cosigners = CoSignature.objects.filter(proposal=first).order_by("id")
    assert [(c.proposer.name, c.status) for c in cosigners] == [
        ("李红", CoSignature.Status.CONFIRMED),
        ("王晓明", CoSignature.Status.CONFIRMED),
    ]
    assignments = {a.unit.name: a for a in Assignment.objects.filter(proposal=first)}
    assert {name: a.role for name, a in assignments.items()} == {
        "区住房和城乡建设局": Assignment.Role.LEAD,
        "区财政局": Assignment.Role.CO,
        "区交通运输局": Assignment.Role.CO,
    }
    assert {a.assigned_on for a in assignments.values()} == {date(2022, 3, 1)}
    reply = Reply.objects.get(proposal=first)
    assert (reply.unit.name, reply.grade.code, reply.replied_on) == (
        "区住房和城乡建设局",
        "A",
        date(2022, 5, 20),
    )
    feedback = Feedback.objects.get(proposal=first)
    assert (feedback.proposer, feedback.attitude, feedback.result) == (
        first.lead_proposer,
        Verdict.SATISFIED,
        Verdict.SATISFIED,
    )
    key = KeyProposal.objects.get(proposal=first)
    assert (key.lead_leader.name, key.lead_leader.title) == ("赵国强", "副区长")
    assert key.lead_leader.organisation == Leader.Organisation.GOVERNMENT
    supervisors = {leader.name: leader for leader in key.supervisors.all()}
    assert set(supervisors) == {"钱伟", "孙丽"}
    assert supervisors["孙丽"].title == "区政协副主席"
    assert supervisors["钱伟"].organisation == Leader.Organisation.CPPCC
    assert first.status == Status.CLOSED


def test_proposers_are_told_apart_as_members_and_collectives(session, units, messy_ledger):
    import_ledger(session, messy_ledger)

    twelfth = _proposal(session, 12)
    assert twelfth.lead_proposer.name == "九三学社区委"
    assert twelfth.lead_proposer.kind == Proposer.Kind.COLLECTIVE
    assert twelfth.lead_proposer.collective_kind == Proposer.CollectiveKind.PARTY
    township = _proposal(session, 4).lead_proposer
    assert (township.name, township.kind, township.collective_kind) == (
        "鹅湖镇工委会",
        Proposer.Kind.COLLECTIVE,
        Proposer.CollectiveKind.TOWNSHIP_COMMITTEE,
    )
    joint = _proposal(session, 5)
    assert joint.lead_proposer.name == "民盟"
    assert [c.proposer.name for c in joint.cosignatures.all()] == ["民进"]
    assert _proposal(session, 3).lead_proposer.name == "张三"


def test_several_lead_units_make_the_first_lead_and_the_others_joint(session, units, messy_ledger):
    import_ledger(session, messy_ledger)

    roles = {
        a.unit.name: a.role for a in Assignment.objects.filter(proposal=_proposal(session, 12))
    }
    assert roles == {"区教育局": Assignment.Role.LEAD, "区卫生健康委员会": Assignment.Role.JOINT}
    spaced = {a.unit.name: a.role for a in Assignment.objects.filter(proposal__number=3)}
    assert spaced == {
        "区交通运输局": Assignment.Role.LEAD,
        "区住房和城乡建设局": Assignment.Role.JOINT,
    }


def test_status_follows_what_the_row_records(session, units, messy_ledger):
    import_ledger(session, messy_ledger)

    statuses = dict(Proposal.objects.filter(session=session).values_list("number", "status"))
    assert statuses == {
        1: Status.CLOSED,
        12: Status.CLOSED,
        3: Status.ASSIGNED,
        4: Status.FILED,
        5: Status.FILED,
    }


def test_the_report_lists_what_was_created_in_the_directory(session, units, messy_ledger):
    report = import_ledger(session, messy_ledger)

    assert sorted(report.created_members) == sorted(["胡艳峰", "李红", "王晓明", "张三"])
    assert sorted(report.created_collectives) == sorted(
        ["九三学社区委", "鹅湖镇工委会", "民盟", "民进"]
    )
    assert sorted(report.created_leaders) == sorted(["赵国强", "钱伟", "孙丽"])
    assert report.created_units == []
    assert set(report.ignored_headers) == {"序号", "备注"}
    assert report.summary_line() == "共5行:新增5件,更新0件,未变0件。"
    assert any(line.startswith("新建委员4个") for line in report.detail_lines())


def test_reimporting_the_same_ledger_changes_nothing(session, units, messy_ledger):
    import_ledger(session, messy_ledger)
    before = list(Proposal.objects.order_by("id").values("id", "version", "status", "updated_at"))
    counts = [
        model.objects.count()
        for model in (Proposer, CoSignature, Assignment, Reply, Feedback, KeyProposal, Leader)
    ]

    report = import_ledger(session, messy_ledger)

    assert report.created == [] and report.updated == []
    assert sorted(report.unchanged) == [1, 3, 4, 5, 12]
    assert report.created_members == report.created_collectives == report.created_leaders == []
    after = list(Proposal.objects.order_by("id").values("id", "version", "status", "updated_at"))
    assert after == before
    assert counts == [
        model.objects.count()
        for model in (Proposer, CoSignature, Assignment, Reply, Feedback, KeyProposal, Leader)
    ]
    assert AuditEvent.objects.filter(event_type=EventType.LEDGER_IMPORTED).count() == 1


def test_a_corrected_ledger_updates_only_the_rows_that_differ(
    session, units, messy_ledger, write_ledger
):
    import_ledger(session, messy_ledger)
    rows = [list(row) for row in MESSY_ROWS]
    rows[1][2] = "关于加快老旧小区改造和加装电梯的建议"
    rows[4][6] = "区交通运输局"  # 区住建局 no longer joins number 3
    rows[2][8] = "A"  # number 12 now resolved
    corrected = write_ledger(rows, above=TITLE_ROWS, name="更正.xlsx")

    report = import_ledger(session, corrected)

    assert sorted(report.updated) == [1, 3, 12]
    assert sorted(report.unchanged) == [4, 5]
    first = _proposal(session, 1)
    assert first.title == "关于加快老旧小区改造和加装电梯的建议"
    assert first.version == 2
    held = dict(Assignment.objects.filter(proposal__number=3).values_list("unit__name", "status"))
    assert held == {
        "区交通运输局": Assignment.Status.ACTIVE,
        "区住房和城乡建设局": Assignment.Status.WITHDRAWN,  # kept, with its history
    }
    assert Reply.objects.get(proposal__number=12).grade.code == "A"
    assert Reply.objects.filter(proposal__number=12).count() == 1
    event = AuditEvent.objects.filter(event_type=EventType.LEDGER_IMPORTED).first()
    assert event.data["updated"] == 3 and sorted(event.data["updated_numbers"]) == [1, 3, 12]


def test_blank_cells_leave_what_tian_already_holds(session, units, messy_ledger, write_ledger):
    import_ledger(session, messy_ledger)
    header = ["编号", "题目"]
    sparse = write_ledger([header, [1, "关于加快老旧小区改造的建议"]], name="只有题目.xlsx")

    report = import_ledger(session, sparse)

    assert report.unchanged == [1]
    first = _proposal(session, 1)
    assert first.status == Status.CLOSED
    assert Reply.objects.get(proposal=first).grade.code == "A"
    assert Feedback.objects.filter(proposal=first).count() == 1
    assert KeyProposal.objects.filter(proposal=first).exists()


def test_a_key_flag_of_no_removes_a_key_proposal(session, units, messy_ledger, write_ledger):
    import_ledger(session, messy_ledger)
    demoted = write_ledger(
        [["编号", "题目", "是否重点提案"], [1, "关于加快老旧小区改造的建议", "否"]],
        name="取消重点.xlsx",
    )

    report = import_ledger(session, demoted)

    assert report.updated == [1]
    assert not KeyProposal.objects.filter(proposal__number=1).exists()


def test_a_proposal_already_being_handled_keeps_its_status_when_updated(
    session, units, messy_ledger, write_ledger
):
    import_ledger(session, messy_ledger)
    Proposal.objects.filter(session=session, number=3).update(status=Status.HANDLING)
    renamed = write_ledger(
        [["编号", "题目", "主办单位"], [3, "关于优化公交线路和站点的建议", "区交通运输局"]],
        name="改题.xlsx",
    )

    import_ledger(session, renamed)

    proposal = _proposal(session, 3)
    assert proposal.title == "关于优化公交线路和站点的建议"
    assert proposal.status == Status.HANDLING


BROKEN_ROWS = [
    ["编号", "标题", "提案人", "类别", "主办单位", "办理结果", "满意度", "答复日期"],
    [1, "关于完善社区养老服务的建议", "张三", "社会事业类", "区住建局", "A", "满意", "2022-05-01"],
    ["abc", "关于增设停车位的建议", "李四", "社会事业类", "", "", "", ""],
    [1, "关于规范外卖电动车的建议", "王五", "社会事业类", "", "", "", ""],
    [5, "", "赵六", "社会事业类", "", "", "", ""],
    [6, "关于发展乡村旅游的建议", "钱七", "旅游类", "", "", "", ""],
    [7, "关于稳定就业的建议", "孙八", "经济发展类", "区人设局", "", "", ""],
    [8, "关于治理河道的建议", "周九", "城乡建设管理类", "区住建局", "Z", "", ""],
    [9, "关于公园提升的建议", "吴十", "城乡建设管理类", "区住建局", "A", "很好", ""],
    [10, "关于学校扩容的建议", "郑一", "社会事业类", "区教育局", "A", "满意", "2022-13-45"],
    [None, "关于没有编号的建议", "冯二", "社会事业类", "", "", "", ""],
]


def test_a_broken_ledger_is_refused_whole_with_row_numbered_errors(session, units, write_ledger):
    broken = write_ledger(BROKEN_ROWS)
    proposers_before = Proposer.objects.count()

    with pytest.raises(LedgerError) as caught:
        import_ledger(session, broken)

    messages = [str(error) for error in caught.value.errors]
    assert messages == [
        "第3行「编号」:无法识别编号“abc”,应为数字或“第12号”",
        "第4行「编号」:编号第1号与第2行重复",
        "第5行「标题」:缺少题目",
        "第6行「类别」:找不到类别“旅游类”,本次会议的类别有:"
        "经济发展类、城乡建设管理类、社会事业类、社会治理及其他类",
        "第7行「主办单位」:找不到承办单位“区人设局”(可用 --create-units 自动创建)",
        "第8行「办理结果」:找不到办理结果“Z”,本次会议的分类有:"
        "A=已解决或基本解决、B=正在解决或列入计划逐步解决、C=留作参考",
        "第9行「满意度」:无法识别满意度“很好”,应为满意、基本满意或不满意",
        "第10行「答复日期」:日期“2022-13-45”不存在",
        "第11行「编号」:缺少编号",
    ]
    assert Proposal.objects.count() == 0
    assert Proposer.objects.count() == proposers_before
    assert not AuditEvent.objects.filter(event_type=EventType.LEDGER_IMPORTED).exists()


def test_validate_lists_the_same_problems_without_writing(session, units, write_ledger):
    broken = write_ledger(BROKEN_ROWS)

    errors = validate(session, broken)

    assert [(error.row, error.column) for error in errors][:3] == [
        (3, "编号"),
        (4, "编号"),
        (5, "标题"),
    ]
    assert len(errors) == 9
    assert Proposal.objects.count() == 0


def test_unknown_units_are_created_when_asked(session, units, write_ledger):
    ledger = write_ledger(
        [["编号", "题目", "主办单位", "会办单位"], [7, "关于稳定就业的建议", "区人设局", "鹅湖镇"]]
    )

    report = import_ledger(session, ledger, create_units=True)

    assert report.created_units == ["区人设局"]
    created = Unit.objects.get(name="区人设局")
    roles = dict(Assignment.objects.filter(proposal__number=7).values_list("unit__name", "role"))
    assert roles == {created.name: Assignment.Role.LEAD, "鹅湖镇": Assignment.Role.JOINT}


def test_units_are_matched_by_short_name_alias_and_with_or_without_the_district_prefix(
    session, units, write_ledger
):
    ledger = write_ledger(
        [
            ["编号", "题目", "主办单位", "协办单位"],
            [1, "一", "卫健委", "区交通局"],
            [2, "二", "教育局", "住房和城乡建设局"],
        ]
    )

    import_ledger(session, ledger)

    matched = set(Assignment.objects.values_list("proposal__number", "unit__name", "role"))
    assert matched == {
        (1, "区卫生健康委员会", "lead"),
        (1, "区交通运输局", "co"),
        (2, "区教育局", "lead"),
        (2, "区住房和城乡建设局", "co"),
    }


def test_an_ambiguous_unit_name_is_refused(session, write_ledger):
    Unit.objects.create(name="区财政局")
    Unit.objects.create(name="市财政局")
    ledger = write_ledger([["编号", "题目", "主办单位"], [1, "一", "财政局"]])

    with pytest.raises(LedgerError) as caught:
        import_ledger(session, ledger)

    assert str(caught.value.errors[0]) == (
        "第2行「主办单位」:“财政局”可能是多个承办单位(区财政局、市财政局),请写全称"
    )


def test_grades_are_matched_by_code_or_label_and_verdicts_may_differ(session, units, write_ledger):
    ledger = write_ledger(
        [
            ["编号", "题目", "主办单位", "答复类别", "评价意见"],
            [1, "一", "区教育局", "b", "满意/基本满意"],
            [2, "二", "区教育局", "留作参考", "不满意"],
            [3, "三", "区教育局", "A类(已解决)", ""],
        ]
    )

    import_ledger(session, ledger)

    grades = dict(Reply.objects.values_list("proposal__number", "grade__code"))
    assert grades == {1: "B", 2: "C", 3: "A"}
    verdicts = set(Feedback.objects.values_list("proposal__number", "attitude", "result"))
    assert verdicts == {(1, "satisfied", "basically"), (2, "dissatisfied", "dissatisfied")}


def test_a_reply_without_any_unit_is_refused(session, write_ledger):
    ledger = write_ledger([["编号", "题目", "办理结果"], [1, "一", "A"]])

    with pytest.raises(LedgerError) as caught:
        import_ledger(session, ledger)

    assert (
        str(caught.value.errors[0]) == "第2行「办理结果」:填写了办理结果或答复日期,但没有主办单位"
    )


def test_existing_proposers_and_leaders_are_reused_by_name(session, personas, write_ledger):
    ledger = write_ledger(
        [
            ["编号", "题目", "提案人", "联名人", "领办领导"],
            [1, "一", "王晓明委员", "李红(委员)", "赵国强"],
        ]
    )

    report = import_ledger(session, ledger)

    assert report.created_members == [] and report.created_leaders == []
    proposal = _proposal(session, 1)
    assert proposal.lead_proposer == personas.member.proposer
    assert KeyProposal.objects.get(proposal=proposal).lead_leader == personas.leader.leader


def test_a_dry_run_reports_exactly_but_writes_nothing(session, units, messy_ledger):
    report = import_ledger(session, messy_ledger, dry_run=True)

    assert report.dry_run and sorted(report.created) == [1, 3, 4, 5, 12]
    assert len(report.created_members) == 4
    assert report.summary_line().startswith("(试运行,未写入)")
    assert Proposal.objects.count() == 0
    assert not Proposer.objects.filter(name="胡艳峰").exists()
    assert not AuditEvent.objects.exists()


def test_one_audit_event_records_the_counts(session, units, messy_ledger, personas):
    import_ledger(session, messy_ledger, actor=personas.clerk)

    events = AuditEvent.objects.filter(event_type=EventType.LEDGER_IMPORTED)
    assert events.count() == 1
    event = events.get()
    assert event.actor == personas.clerk
    assert event.object_type == "directory.session" and event.object_id == str(session.pk)
    assert (event.data["created"], event.data["updated"], event.data["unchanged"]) == (5, 0, 0)
    assert event.data["file"] == "台账.xlsx"


def test_a_member_may_not_import_a_ledger(session, units, messy_ledger, personas):
    with pytest.raises(PermissionDenied):
        import_ledger(session, messy_ledger, actor=personas.member)
    assert Proposal.objects.count() == 0


def test_progress_is_reported_up_to_the_total(session, units, messy_ledger):
    calls: list[tuple[int, int]] = []

    import_ledger(session, messy_ledger, progress=lambda done, total: calls.append((done, total)))

    assert calls[-1] == (calls[-1][1], calls[-1][1])
    done = [d for d, _ in calls]
    assert done == sorted(done) and len(calls) >= 3


def test_a_file_that_is_not_a_ledger_is_refused_with_a_reason(session, tmp_path, write_ledger):
    text = tmp_path / "notes.xlsx"
    text.write_text("不是表格")
    headerless = write_ledger([["姓名", "电话"], ["张三", "123"]], name="通讯录.xlsx")

    with pytest.raises(LedgerError, match="不是有效的 Excel"):
        import_ledger(session, text)
    with pytest.raises(LedgerError, match="找不到表头"):
        import_ledger(session, headerless)


def test_the_command_prints_a_chinese_summary(session, units, messy_ledger, capsys):
    call_command("import_proposals", str(messy_ledger), session=session.slug)

    out = capsys.readouterr().out
    assert "共5行:新增5件,更新0件,未变0件。" in out
    assert "新建集体提案者4个" in out
    assert Proposal.objects.filter(session=session).count() == 5


def test_the_command_gives_json_when_asked(session, units, messy_ledger, capsys):
    call_command("import_proposals", str(messy_ledger), session=session.slug, json=True)

    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True
    assert data["counts"]["created"] == 5 and data["counts"]["created_leaders"] == 3


def test_the_command_draws_a_progress_bar_when_asked(session, units, messy_ledger, capsys):
    call_command("import_proposals", str(messy_ledger), session=session.slug, progress=True)

    assert "100%" in capsys.readouterr().err


def test_the_command_fails_and_lists_every_error_for_a_broken_ledger(
    session, units, write_ledger, capsys
):
    broken = write_ledger(BROKEN_ROWS)

    with pytest.raises(CommandError, match="台账有9处问题,未导入任何数据"):
        call_command("import_proposals", str(broken), session=session.slug)

    err = capsys.readouterr().err
    assert "第7行「主办单位」:找不到承办单位“区人设局”(可用 --create-units 自动创建)" in err
    assert err.count("第") >= 9


def test_the_command_refuses_an_unknown_session(messy_ledger, db):
    with pytest.raises(CommandError, match="找不到会议“nope”"):
        call_command("import_proposals", str(messy_ledger), session="nope")


def test_two_level_headers_merged_cells_section_rows_and_totals_are_understood(
    session, units, tmp_path
):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["测试区政协提案办理台账"])
    sheet.append(["序号", "案由", "提案人", "类别", "承办单位", None, "办理情况", None])
    sheet.append([None, None, None, None, "主办", "协办", "办理结果", "满意度"])
    sheet.append(["一、经济发展类(2件)"])
    sheet.append([1, "关于发展夜间经济的建议", "张三", "经济发展类", "区教育局", None, "A", "满意"])
    sheet.append(
        [2, "关于扶持小微企业的建议", "李四", None, "区教育局", "区财政局", "B", "基本满意"]
    )
    sheet.append(["合计", None, None, None, None, None, None, None])
    for cells in ("A1:H1", "E2:F2", "G2:H2", "A4:H4", "D5:D6"):
        sheet.merge_cells(cells)
    path = tmp_path / "两级表头.xlsx"
    workbook.save(path)

    report = import_ledger(session, path)

    assert sorted(report.created) == [1, 2] and report.skipped_rows == [4, 7]
    second = _proposal(session, 2)
    assert second.category.name == "经济发展类"
    roles = dict(Assignment.objects.filter(proposal=second).values_list("unit__name", "role"))
    assert roles == {"区教育局": Assignment.Role.LEAD, "区财政局": Assignment.Role.CO}
    assert Feedback.objects.get(proposal=second).result == Verdict.BASICALLY
    assert any("跳过" in line for line in report.detail_lines())


def test_every_problem_of_a_row_is_listed_not_only_the_first(session, units, write_ledger):
    ledger = write_ledger(
        [
            ["编号", "题目", "类别", "主办单位", "办理结果"],
            ["abc", "关于发展乡村旅游的建议", "旅游类", "区人设局", "Z"],
            [12, "", "旅游类", "区人设局", "A"],
        ]
    )

    with pytest.raises(LedgerError) as caught:
        import_ledger(session, ledger)

    assert [(error.row, error.column) for error in caught.value.errors] == [
        (2, "编号"),
        (2, "类别"),
        (2, "主办单位"),
        (2, "办理结果"),
        (3, "题目"),
        (3, "类别"),
        (3, "主办单位"),
    ]
    assert caught.value.unknown_units == ["区人设局"]


def test_a_ledger_with_a_header_but_no_proposals_is_refused(session, write_ledger):
    ledger = write_ledger([["编号", "题目"], ["合计", None]])

    with pytest.raises(LedgerError, match="台账中没有提案"):
        import_ledger(session, ledger)


def test_imported_assignments_start_their_deadline_on_the_assignment_date(
    session, units, messy_ledger
):
    import_ledger(session, messy_ledger)

    held = Assignment.objects.filter(proposal__number=1)
    assert {(a.status, a.assigned_on, a.deadline_from) for a in held} == {
        (Assignment.Status.ACTIVE, date(2022, 3, 1), date(2022, 3, 1))
    }
    assert Reply.objects.get(proposal__number=1).status == Reply.Status.ACCEPTED


def test_a_unit_listed_again_after_being_withdrawn_handles_the_proposal_again(
    session, units, write_ledger
):
    header = ["编号", "题目", "主办单位", "协办单位"]
    both = write_ledger([header, [1, "一", "区教育局", "区财政局"]], name="两家.xlsx")
    one = write_ledger([header, [1, "一", "区教育局", None]], name="一家.xlsx")
    import_ledger(session, both)
    import_ledger(session, write_ledger([header, [1, "一", "区教育局", "区交通局"]]))

    report = import_ledger(session, both)

    assert report.updated == [1]
    held = dict(Assignment.objects.values_list("unit__name", "status"))
    assert held == {
        "区教育局": Assignment.Status.ACTIVE,
        "区财政局": Assignment.Status.ACTIVE,
        "区交通运输局": Assignment.Status.WITHDRAWN,
    }
    # The unit cells of a row, taken together, list all its units.
    assert import_ledger(session, one).updated == [1]
    assert Assignment.objects.get(unit__name="区财政局").status == Assignment.Status.WITHDRAWN


def test_the_verdict_is_the_lead_proposers_and_fills_in_an_overdue_one(
    session, units, write_ledger
):
    header = ["编号", "题目", "提案人", "联名人", "主办单位", "满意度"]
    import_ledger(session, write_ledger([header, [1, "一", "张三", "李四", "区教育局", None]]))
    proposal = _proposal(session, 1)
    cosigner = Proposer.objects.get(name="李四")
    Feedback.objects.create(
        proposal=proposal, proposer=cosigner, attitude="dissatisfied", result="dissatisfied"
    )
    Feedback.objects.create(proposal=proposal, proposer=proposal.lead_proposer, responded=False)

    report = import_ledger(
        session, write_ledger([header, [1, "一", "张三", "李四", "区教育局", "满意"]], name="2")
    )

    assert report.updated == [1]
    verdicts = dict(Feedback.objects.values_list("proposer__name", "result"))
    assert verdicts == {"张三": Verdict.SATISFIED, "李四": Verdict.DISSATISFIED}
    assert Feedback.objects.get(proposer__name="张三").responded is True
    assert _proposal(session, 1).status == Status.CLOSED


def test_the_grade_belongs_to_the_latest_round_of_replies(session, units, write_ledger):
    header = ["编号", "题目", "主办单位", "办理结果"]
    import_ledger(session, write_ledger([header, [1, "一", "区教育局", "B"]]))
    first = Reply.objects.get()
    second = Reply.objects.create(
        proposal=first.proposal, unit=first.unit, round=2, grade=first.grade
    )

    import_ledger(session, write_ledger([header, [1, "一", "区教育局", "A"]], name="第二轮.xlsx"))

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.grade.code, second.grade.code) == ("B", "A")
