"""Setting up a session (设立会议): body, term, categories and grades, safely repeatable."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from tian.audit.events import EventType
from tian.audit.models import AuditEvent
from tian.directory.actions import term_from_session_name
from tian.directory.models import Body, Session, Term
from tian.handling.grades import GradeSpec, infer_stat_class, parse_grades
from tian.handling.models import Grade, StatClass
from tian.handling.sessions import create_session
from tian.lib.errors import ActionError
from tian.proposals.models import Category

CATEGORIES = "经济发展类,城乡建设管理类,社会事业类,社会治理及其他类"
GRADES = "A=已经解决或基本解决,B=正在解决或列入计划解决,C=留作参考"


def set_up(**overrides):
    arguments = {
        "body": "区政协",
        "name": "五届一次会议",
        "year": 2022,
        "categories": CATEGORIES,
        "grades": GRADES,
    }
    arguments.update(overrides)
    return create_session(None, "wuj-yici-2022", **arguments)


@pytest.mark.django_db
def test_a_session_is_set_up_with_its_body_term_categories_and_grades():
    setup = set_up()

    session = Session.objects.get(slug="wuj-yici-2022")
    assert setup.session == session
    assert (session.body.name, session.body.kind, session.year) == ("区政协", "cppcc", 2022)
    assert (session.term.name, session.term.ordinal) == ("第五届", 5)
    assert list(Category.objects.filter(session=session).values_list("name", flat=True)) == [
        "经济发展类",
        "城乡建设管理类",
        "社会事业类",
        "社会治理及其他类",
    ]
    grades = list(Grade.objects.filter(session=session).values_list("code", "label", "stat_class"))
    assert grades == [
        ("A", "已经解决或基本解决", StatClass.RESOLVED),
        ("B", "正在解决或列入计划解决", StatClass.IN_PROGRESS),
        ("C", "留作参考", StatClass.REFERENCE),
    ]
    assert setup.created_body and setup.created_term and setup.created_session


@pytest.mark.django_db
def test_running_it_again_with_the_same_arguments_changes_nothing():
    set_up()

    again = set_up()

    assert not again.changed
    assert again.summary_lines()[-1] == "没有需要修改的内容。"
    assert Session.objects.count() == Body.objects.count() == Term.objects.count() == 1
    assert Category.objects.count() == 4 and Grade.objects.count() == 3
    assert AuditEvent.objects.filter(event_type=EventType.SESSION_CREATED).count() == 1


@pytest.mark.django_db
def test_running_it_again_adds_new_categories_and_corrects_grades():
    set_up()

    again = set_up(categories=CATEGORIES + ",文化旅游类", grades="A=解决采纳,B=列入计划拟解决")

    assert again.created_categories == ["文化旅游类"]
    assert Category.objects.get(name="文化旅游类").order == 4
    assert again.updated_grades == ["A=解决采纳", "B=列入计划拟解决"]
    assert Grade.objects.get(code="A").label == "解决采纳"
    assert AuditEvent.objects.filter(event_type=EventType.SESSION_CREATED).count() == 2


@pytest.mark.django_db
def test_setting_up_writes_one_audit_event():
    set_up()

    event = AuditEvent.objects.get()
    assert event.event_type == EventType.SESSION_CREATED
    assert event.object_type == "directory.session"
    assert event.data["created_session"] is True and len(event.data["grades"]) == 3


@pytest.mark.django_db
def test_an_existing_body_and_term_are_reused_for_the_next_session():
    set_up()

    second = create_session(
        None, "wuj-erci-2023", body="区政协", name="五届二次会议", year=2023, grades=GRADES
    )

    assert not second.created_body and not second.created_term and second.created_session
    assert Term.objects.count() == 1


@pytest.mark.django_db
def test_a_slug_already_used_for_another_session_is_refused_with_the_difference():
    set_up()

    with pytest.raises(ActionError, match=r"会议代号“wuj-yici-2022”已用于.*年度与本次参数不一致"):
        set_up(year=2023)


@pytest.mark.django_db
def test_a_body_of_another_kind_is_refused():
    set_up()

    with pytest.raises(ActionError, match="机构“区政协”已存在"):
        create_session(
            None, "other", body="区政协", name="五届一次会议", year=2022, body_kind="npc"
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"name": "年度会议"}, "无法从会议名称“年度会议”看出届次,请用 --term 指定"),
        ({"year": 22}, "年度“22”不对"),
        ({"grades": "A已解决"}, "格式不对"),
        ({"grades": "A=办得不错"}, "无法判断办理结果分类“A=办得不错”的统计口径"),
        ({"grades": "A=解决:done"}, "统计口径“done”无法识别"),
        ({"grades": "A=已解决,A=留作参考"}, "代码重复:A"),
        ({"term": "五"}, None),
    ],
)
def test_bad_input_is_refused_in_chinese(arguments, message):
    if message is None:
        assert set_up(**arguments).session.term.name == "第五届"
        return
    with pytest.raises(ActionError, match=message):
        set_up(**arguments)
    assert not Session.objects.exists() and not Body.objects.exists()


@pytest.mark.parametrize(
    ("label", "stat_class"),
    [
        ("已经解决或基本解决", StatClass.RESOLVED),
        ("所提问题已经解决或者基本解决", StatClass.RESOLVED),
        ("解决采纳", StatClass.RESOLVED),
        ("正在解决或列入计划解决", StatClass.IN_PROGRESS),
        ("正在解决或者列入规划逐步解决", StatClass.IN_PROGRESS),
        ("列入计划拟解决", StatClass.IN_PROGRESS),
        ("因条件限制暂未解决", StatClass.NOT_NOW),
        ("因条件限制待以后解决", StatClass.NOT_NOW),
        ("留作参考", StatClass.REFERENCE),
        ("办得不错", None),
    ],
)
def test_a_grade_label_implies_its_statistical_class(label, stat_class):
    assert infer_stat_class(label) == stat_class


def test_an_explicit_statistical_class_overrides_the_label():
    assert parse_grades("A=解决采纳:reference, B类=办得不错:正在解决,C=参考:not_now") == [
        GradeSpec("A", "解决采纳", StatClass.REFERENCE),
        GradeSpec("B", "办得不错", StatClass.IN_PROGRESS),
        GradeSpec("C", "参考", StatClass.NOT_NOW),
    ]


@pytest.mark.parametrize(
    ("name", "term"),
    [
        ("五届一次会议", "第五届"),
        ("区政协第五届一次会议", "第五届"),
        ("十四届人大二次会议", "第十四届"),
        ("2022年会议", None),
    ],
)
def test_the_term_is_read_from_the_session_name(name, term):
    assert term_from_session_name(name) == term


@pytest.mark.django_db
def test_the_command_sets_up_a_session_and_reports_in_chinese(capsys):
    call_command(
        "create_session",
        "npc-2023",
        body="区人大",
        name="十八届二次会议",
        year=2023,
        categories="经济类,民生类",
        grades="A=所提问题已经解决或者基本解决,B=正在解决或者列入规划逐步解决,"
        "C=因条件限制待以后解决,D=留作参考",
        body_kind="npc",
    )

    out = capsys.readouterr().out
    assert "已创建会议 npc-2023:区人大十八届二次会议(2023年,第十八届)" in out
    session = Session.objects.get(slug="npc-2023")
    assert session.body.kind == Body.Kind.NPC and session.term.ordinal == 18
    assert Grade.objects.get(session=session, code="C").stat_class == StatClass.NOT_NOW


@pytest.mark.django_db
def test_the_command_turns_bad_input_into_a_command_error():
    with pytest.raises(CommandError, match="统计口径"):
        call_command(
            "create_session", "x-2022", body="区政协", name="五届一次会议", year=2022, grades="A=好"
        )
