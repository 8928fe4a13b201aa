"""Due dates over China's working-day calendar: every rule proved with real dates."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured

from tian.directory.models import Member, Session, Unit
from tian.handling.deadlines import (
    DeadlineRules,
    DueDate,
    WorkdayCalendar,
    add_months,
    add_workdays,
    check_extension,
    co_opinion_due,
    extensions_by_proposal,
    first_contact_due,
    lead_assignment,
    objection_due,
    proposal_deadlines,
    publish_due,
    rehandling_due,
    reply_due,
    reply_due_for,
    rules,
    verdict_due,
)
from tian.handling.models import (
    Assignment,
    CalendarDay,
    Extension,
    Feedback,
    Rehandling,
    Reply,
    Verdict,
)
from tian.lib.errors import ActionError
from tian.proposals.models import Proposal

NATIONAL_DAY_NOTE = "2022年10月8日至9日 国庆节调休上班,计为工作日"


@pytest.fixture
def calendar() -> WorkdayCalendar:
    """The library's calendar with no admin overrides (no database needed)."""
    return WorkdayCalendar(overrides={})


# --- the calendar ------------------------------------------------------------------------------


def test_national_day_week_is_off_and_its_weekend_makeup_days_are_workdays(
    calendar: WorkdayCalendar,
) -> None:
    assert not calendar.is_workday(date(2022, 10, 3))
    assert calendar.reason(date(2022, 10, 3)) == "国庆节"
    assert calendar.reason(date(2022, 10, 1)) == "国庆节"  # a Saturday, named for the holiday
    assert calendar.is_workday(date(2022, 10, 8))  # Saturday
    assert calendar.is_workday(date(2022, 10, 9))  # Sunday
    assert calendar.reason(date(2022, 10, 9)) == "国庆节调休上班"
    assert not calendar.is_workday(date(2022, 10, 15))
    assert calendar.reason(date(2022, 10, 15)) == "周末"
    assert calendar.reason(date(2022, 10, 10)) == "工作日"


def test_spring_festival_2022_is_off_and_jan_29_30_are_workdays(
    calendar: WorkdayCalendar,
) -> None:
    assert [calendar.is_workday(date(2022, 1, d)) for d in (28, 29, 30, 31)] == [
        True,
        True,
        True,
        False,
    ]
    assert calendar.reason(date(2022, 2, 4)) == "春节"
    assert calendar.reason(date(2022, 1, 29)) == "春节调休上班"
    assert calendar.is_workday(date(2022, 2, 7))


def test_holiday_names_are_given_in_chinese(calendar: WorkdayCalendar) -> None:
    assert calendar.reason(date(2022, 1, 3)) == "元旦"
    assert calendar.reason(date(2022, 4, 5)) == "清明节"
    assert calendar.reason(date(2022, 5, 3)) == "劳动节"
    assert calendar.reason(date(2022, 6, 3)) == "端午节"
    assert calendar.reason(date(2022, 9, 12)) == "中秋节"


def test_add_workdays_does_not_count_the_start_and_lists_the_skipped_days(
    calendar: WorkdayCalendar,
) -> None:
    due, skipped = add_workdays(calendar, date(2022, 9, 30), 1)
    assert due == date(2022, 10, 8)
    assert [s.day for s in skipped] == [date(2022, 10, d) for d in range(1, 8)]
    assert {s.reason for s in skipped} == {"国庆节"}
    assert add_workdays(calendar, date(2022, 9, 30), 0) == (date(2022, 9, 30), ())


def test_the_calendar_steps_back_over_the_national_day_week(calendar: WorkdayCalendar) -> None:
    assert calendar.shift(date(2022, 10, 10), -1) == date(2022, 10, 9)  # the makeup Sunday
    assert calendar.shift(date(2022, 10, 8), -1) == date(2022, 9, 30)
    assert calendar.shift(date(2022, 9, 30), 1) == date(2022, 10, 8)
    assert calendar.shift(date(2022, 9, 30), 0) == date(2022, 9, 30)


def test_the_nearest_working_day_looks_forward_or_back(calendar: WorkdayCalendar) -> None:
    assert calendar.on_or_after(date(2022, 10, 3)) == date(2022, 10, 8)
    assert calendar.on_or_before(date(2022, 10, 3)) == date(2022, 9, 30)
    assert calendar.on_or_after(date(2022, 9, 30)) == date(2022, 9, 30)


@pytest.mark.django_db
def test_every_step_of_the_calendar_honours_admin_overrides() -> None:
    calendar = WorkdayCalendar()
    assert calendar.on_or_after(date(2022, 3, 11)) == date(2022, 3, 11)
    CalendarDay.objects.create(date=date(2022, 3, 11), is_workday=False, note="防汛应急停工")
    calendar.reload()
    assert calendar.on_or_after(date(2022, 3, 11)) == date(2022, 3, 14)
    assert calendar.on_or_before(date(2022, 3, 11)) == date(2022, 3, 10)
    assert calendar.shift(date(2022, 3, 14), -1) == date(2022, 3, 10)


def test_add_months_clamps_to_the_end_of_a_shorter_month() -> None:
    assert add_months(date(2022, 1, 31), 1) == date(2022, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2022, 8, 31), 3) == date(2022, 11, 30)
    assert add_months(date(2022, 11, 15), 3) == date(2023, 2, 15)
    assert add_months(date(2022, 3, 15), 3) == date(2022, 6, 15)


# --- the rules ---------------------------------------------------------------------------------


def test_first_contact_skips_the_national_day_week(calendar: WorkdayCalendar) -> None:
    # 9/29, 9/30, 10/8, 10/9 (make-up days), 10/10–14, 10/17–21, 10/24 = 15 working days.
    due = first_contact_due(date(2022, 9, 28), calendar=calendar)
    assert due.due == date(2022, 10, 24)
    assert due.rule == "15个工作日"
    assert due.explain() == (
        "自2022年9月28日(交办之日)起15个工作日,至2022年10月24日;"
        "其间跳过:2022年10月1日至7日 国庆节,2022年10月15日至16日 周末,"
        f"2022年10月22日至23日 周末;{NATIONAL_DAY_NOTE}。"
    )


def test_objection_window_ends_after_the_weekend_in_it(calendar: WorkdayCalendar) -> None:
    # Thursday 3/10: Fri 11, (weekend 12–13), Mon 14 … Thu 17.
    due = objection_due(date(2022, 3, 10), calendar=calendar)
    assert due.due == date(2022, 3, 17)
    assert [s.day for s in due.skipped] == [date(2022, 3, 12), date(2022, 3, 13)]


def test_objection_window_counts_the_spring_festival_makeup_weekend(
    calendar: WorkdayCalendar,
) -> None:
    # Wed 1/26: Thu 27, Fri 28, Sat 29, Sun 30 (make-up), holiday 1/31–2/6, Mon 2/7.
    due = objection_due(date(2022, 1, 26), calendar=calendar)
    assert due.due == date(2022, 2, 7)
    assert "其间跳过:2022年1月31日至2月6日 春节" in due.explain()
    assert "2022年1月29日至30日 春节调休上班,计为工作日" in due.explain()


def test_reply_is_due_three_calendar_months_after_assignment() -> None:
    due = reply_due(date(2022, 9, 28))
    assert due.due == date(2022, 12, 28)
    assert due.explain() == "自2022年9月28日(交办之日)起3个月,至2022年12月28日。"


def test_reply_due_is_clamped_to_the_end_of_february() -> None:
    due = reply_due(date(2022, 11, 30))
    assert due.due == date(2023, 2, 28)
    assert "2023年2月无30日,取该月最后一日" in due.explain()


def test_an_extension_replaces_the_reply_due_date_and_says_so() -> None:
    due = reply_due(date(2022, 9, 28), extension_to=date(2023, 2, 10))
    assert due.due == date(2023, 2, 10)
    assert due.start == date(2022, 9, 28)
    assert due.explain() == (
        "自2022年9月28日(交办之日)起3个月,经批准延期(原定2022年12月28日),至2023年2月10日。"
    )


def test_an_extension_within_six_months_is_accepted_up_to_the_last_day() -> None:
    due = check_extension(date(2022, 8, 31), date(2023, 2, 28), already_extended=False)
    assert due.due == date(2023, 2, 28)


def test_an_extension_beyond_six_months_is_refused_with_the_last_allowed_day() -> None:
    with pytest.raises(ActionError) as refused:
        check_extension(date(2022, 8, 31), date(2023, 3, 1), already_extended=False)
    assert refused.value.message == "延期后不得超过交办之日起6个月(最迟2023年2月28日)。"


def test_a_second_extension_is_refused() -> None:
    with pytest.raises(ActionError) as refused:
        check_extension(date(2022, 9, 28), date(2023, 1, 20), already_extended=True)
    assert refused.value.message == "每件提案只能延期一次。"


def test_an_extension_not_later_than_the_current_due_date_is_refused() -> None:
    with pytest.raises(ActionError) as refused:
        check_extension(date(2022, 9, 28), date(2022, 12, 28), already_extended=False)
    assert refused.value.message == "延期后的期限应晚于原答复期限(2022年12月28日)。"


def test_co_opinions_are_due_twenty_days_before_the_lead_reply() -> None:
    due = co_opinion_due(reply_due(date(2022, 9, 28)))
    assert due.due == date(2022, 12, 8)
    assert due.explain() == "2022年12月28日(主办单位答复期限)前20日,即2022年12月8日。"
    assert co_opinion_due(date(2023, 2, 10)).due == date(2023, 1, 21)


def test_verdict_is_due_fifteen_working_days_after_the_reply_across_spring_festival(
    calendar: WorkdayCalendar,
) -> None:
    due = verdict_due(date(2022, 1, 20), calendar=calendar)
    assert due.due == date(2022, 2, 15)
    assert "2022年1月31日至2月6日 春节" in due.explain()


def test_rehandling_reply_is_due_one_month_after_it_starts() -> None:
    assert rehandling_due(date(2022, 11, 15)).due == date(2022, 12, 15)
    due = rehandling_due(date(2022, 1, 31))
    assert due.due == date(2022, 2, 28)
    assert due.explain().startswith("自2022年1月31日(重新办理之日)起1个月,至2022年2月28日")


def test_publication_is_due_twenty_working_days_after_the_reply(
    calendar: WorkdayCalendar,
) -> None:
    due = publish_due(date(2022, 9, 20), calendar=calendar)
    assert due.due == date(2022, 10, 21)
    assert due.rule == "20个工作日"
    assert "2022年9月24日至25日 周末,2022年10月1日至7日 国庆节" in due.explain()


# --- admin overrides and years the library does not know -------------------------------------


@pytest.mark.django_db
def test_an_admin_holiday_on_a_weekday_pushes_the_due_date_later() -> None:
    CalendarDay.objects.create(date=date(2022, 3, 11), is_workday=False, note="防汛应急停工")
    due = objection_due(date(2022, 3, 10), calendar=WorkdayCalendar())
    assert due.due == date(2022, 3, 18)
    assert due.skipped[0] == (date(2022, 3, 11), "管理员设定:防汛应急停工")


@pytest.mark.django_db
def test_an_admin_workday_on_a_saturday_brings_the_due_date_earlier() -> None:
    CalendarDay.objects.create(date=date(2022, 3, 12), is_workday=True, note="")
    calendar = WorkdayCalendar()
    assert calendar.reason(date(2022, 3, 12)) == "管理员设定:上班"
    due = objection_due(date(2022, 3, 10), calendar=calendar)
    assert due.due == date(2022, 3, 16)
    assert "2022年3月12日 管理员设定:上班,计为工作日" in due.explain()


@pytest.mark.django_db
def test_admin_overrides_take_precedence_over_the_library() -> None:
    CalendarDay.objects.create(date=date(2022, 10, 8), is_workday=False, note="本地调整")
    calendar = WorkdayCalendar()
    assert not calendar.is_workday(date(2022, 10, 8))
    assert objection_due(date(2022, 9, 28), calendar=calendar).due == date(2022, 10, 11)


@pytest.mark.django_db
def test_the_calendar_reads_overrides_once(django_assert_num_queries: Any) -> None:
    CalendarDay.objects.create(date=date(2022, 3, 11), is_workday=False, note="")
    calendar = WorkdayCalendar()
    with django_assert_num_queries(1):
        first_contact_due(date(2022, 3, 1), calendar=calendar)
        verdict_due(date(2022, 9, 28), calendar=calendar)
        publish_due(date(2031, 9, 28), calendar=calendar)


def test_library_knows_2026_but_not_2027(calendar: WorkdayCalendar) -> None:
    assert calendar.reason(date(2026, 10, 1)) == "国庆节"
    assert calendar.knows_year(2026)
    assert not calendar.knows_year(2027)


def test_an_unknown_year_falls_back_to_monday_to_friday_and_says_so(
    calendar: WorkdayCalendar,
) -> None:
    # Sunday 2031-09-28: Mon 29 … Fri 10/3, National Day unknown so counted as workdays.
    assert calendar.is_workday(date(2031, 10, 1))
    assert calendar.reason(date(2031, 10, 4)) == "周末"
    due = objection_due(date(2031, 9, 28), calendar=calendar)
    assert due.due == date(2031, 10, 3)
    assert due.notes == ("2031年法定节假日数据缺失,按周一至周五计算,可由管理员补充",)
    assert due.explain().endswith(";2031年法定节假日数据缺失,按周一至周五计算,可由管理员补充。")


def test_a_span_into_an_unknown_year_flags_only_that_year(calendar: WorkdayCalendar) -> None:
    due = first_contact_due(date(2026, 12, 20), calendar=calendar)
    assert due.due == date(2027, 1, 8)  # 2027-01-01 counted: its holiday is not known yet
    assert due.notes == ("2027年法定节假日数据缺失,按周一至周五计算,可由管理员补充",)


def test_admin_days_for_an_unknown_year_count_and_silence_the_note() -> None:
    calendar = WorkdayCalendar(
        overrides={date(2031, 10, d): (False, "国庆节") for d in range(1, 8)}
        | {date(2031, 10, 11): (True, "国庆节调休")}
    )
    due = objection_due(date(2031, 9, 28), calendar=calendar)
    # Mon 29, Tue 30, (10/1–7 off), Wed 8, Thu 9, Fri 10.
    assert due.due == date(2031, 10, 10)
    assert due.notes == ()
    assert "2031年9月28日(交办之日)起5个工作日" in due.explain()
    assert "2031年10月1日至7日 管理员设定:国庆节" in due.explain()


# --- overdue, derived from today ---------------------------------------------------------------


def test_overdue_is_derived_from_a_frozen_today(calendar: WorkdayCalendar) -> None:
    due = first_contact_due(date(2022, 9, 28), calendar=calendar)  # 2022-10-24
    with time_machine.travel(date(2022, 10, 24), tick=False):
        assert not due.is_overdue(date.today())
        assert due.days_left(date.today()) == 0
    with time_machine.travel(date(2022, 10, 25), tick=False):
        assert due.is_overdue(date.today())
        assert due.days_left(date.today()) == -1
    with time_machine.travel(date(2022, 10, 14), tick=False):
        assert due.days_left(date.today()) == 10


def test_due_date_prints_the_chinese_date() -> None:
    assert str(DueDate(due=date(2022, 10, 27), start=date(2022, 9, 28), rule="x")) == (
        "2022年10月27日"
    )


# --- configuration -----------------------------------------------------------------------------


def test_rules_default_to_the_statutory_numbers(settings: Any) -> None:
    if hasattr(settings, "TIAN_DEADLINES"):
        del settings.TIAN_DEADLINES
    assert rules() == DeadlineRules(
        objection_workdays=5,
        reply_months=3,
        max_reply_months=6,
        first_contact_workdays=15,
        co_opinion_days_before_reply=20,
        verdict_workdays=15,
        rehandling_months=1,
        publish_workdays=20,
    )


def test_rules_are_overridden_from_settings(settings: Any) -> None:
    settings.TIAN_DEADLINES = {"reply_months": 2, "max_reply_months": 4}
    assert reply_due(date(2022, 9, 28)).due == date(2022, 11, 28)
    with pytest.raises(ActionError) as refused:
        check_extension(date(2022, 9, 28), date(2023, 1, 29), already_extended=False)
    assert refused.value.message == "延期后不得超过交办之日起4个月(最迟2023年1月28日)。"


def test_an_unknown_rule_name_in_settings_is_a_configuration_error(settings: Any) -> None:
    settings.TIAN_DEADLINES = {"reply_monthz": 2}
    with pytest.raises(ImproperlyConfigured):
        rules()


# --- from recorded facts -----------------------------------------------------------------------


def _proposal(session: Session, number: int) -> Proposal:
    member = Member.objects.create(body=session.body, name=f"委员{number}")
    return Proposal.objects.create(
        session=session, number=number, title=f"关于第{number}件事的提案", lead_proposer=member
    )


@pytest.mark.django_db
def test_proposal_deadlines_follow_the_recorded_facts(
    session: Session, unit: Unit, other_unit: Unit
) -> None:
    proposal = _proposal(session, 69)
    Assignment.objects.create(
        proposal=proposal,
        unit=unit,
        role=Assignment.Role.LEAD,
        assigned_on=date(2022, 9, 28),
        deadline_from=date(2022, 9, 28),
    )
    Assignment.objects.create(
        proposal=proposal, unit=other_unit, role=Assignment.Role.CO, assigned_on=date(2022, 9, 28)
    )
    Extension.objects.create(proposal=proposal, new_due_on=date(2023, 2, 10), reason="需现场踏勘")
    Reply.objects.create(
        proposal=proposal, unit=unit, replied_on=date(2023, 1, 20), status=Reply.Status.ACCEPTED
    )
    feedback = Feedback.objects.create(
        proposal=proposal, proposer=proposal.lead_proposer, result=Verdict.DISSATISFIED
    )
    Rehandling.objects.create(proposal=proposal, feedback=feedback, started_on=date(2023, 2, 15))

    deadlines = proposal_deadlines(proposal, calendar=WorkdayCalendar(overrides={}))

    assert {key: due.due for key, due in deadlines.items()} == {
        "objection": date(2022, 10, 10),
        "first_contact": date(2022, 10, 24),
        "reply": date(2023, 2, 10),
        "co_opinion": date(2023, 1, 21),
        # Fri 1/20: 1/21–27 Spring Festival 2023, 1/28–29 make-up days, then 13 more.
        "verdict": date(2023, 2, 15),
        "publish": date(2023, 2, 22),
        "rehandling": date(2023, 3, 15),
    }
    assert "经批准延期(原定2022年12月28日)" in deadlines["reply"].explain()
    assert "2023年1月21日至27日 春节" in deadlines["verdict"].explain()


@pytest.mark.django_db
def test_reply_deadline_runs_from_the_kept_start_after_a_transfer(
    session: Session, unit: Unit
) -> None:
    proposal = _proposal(session, 5)
    Assignment.objects.create(
        proposal=proposal,
        unit=unit,
        assigned_on=date(2022, 4, 20),
        deadline_from=date(2022, 3, 31),
    )
    deadlines = proposal_deadlines(proposal, calendar=WorkdayCalendar(overrides={}))
    assert deadlines["reply"].due == date(2022, 6, 30)
    # From the assignment: 4/30–5/4 劳动节 off, Sunday 4/24 and Saturday 5/7 worked.
    assert deadlines["first_contact"].due == date(2022, 5, 12)
    assert "co_opinion" not in deadlines
    assert "verdict" not in deadlines


@pytest.mark.django_db
def test_an_unassigned_or_withdrawn_proposal_has_no_deadlines(session: Session, unit: Unit) -> None:
    proposal = _proposal(session, 1)
    assert proposal_deadlines(proposal, calendar=WorkdayCalendar(overrides={})) == {}
    Assignment.objects.create(
        proposal=proposal,
        unit=unit,
        assigned_on=date(2022, 3, 1),
        status=Assignment.Status.WITHDRAWN,
    )
    assert lead_assignment(proposal) is None
    assert proposal_deadlines(proposal, calendar=WorkdayCalendar(overrides={})) == {}


@pytest.mark.django_db
def test_a_withheld_reply_has_no_publication_deadline(session: Session, unit: Unit) -> None:
    proposal = _proposal(session, 2)
    Assignment.objects.create(proposal=proposal, unit=unit, assigned_on=date(2022, 3, 1))
    Reply.objects.create(
        proposal=proposal,
        unit=unit,
        replied_on=date(2022, 5, 20),
        disclosure=Reply.Disclosure.WITHHOLD,
        disclosure_reason="涉及个人信息",
    )
    deadlines = proposal_deadlines(proposal, calendar=WorkdayCalendar(overrides={}))
    assert deadlines["verdict"].due == date(2022, 6, 13)  # 6/3 端午节
    assert "publish" not in deadlines


@pytest.mark.django_db
def test_prefetched_proposals_cost_no_queries_per_proposal(
    session: Session, unit: Unit, django_assert_num_queries: Any
) -> None:
    for number in (1, 2, 3):
        proposal = _proposal(session, number)
        Assignment.objects.create(proposal=proposal, unit=unit, assigned_on=date(2022, 3, number))
    calendar = WorkdayCalendar(overrides={})
    with django_assert_num_queries(5):  # proposals + four prefetches
        proposals = list(
            Proposal.objects.prefetch_related("assignments", "extensions", "replies", "rehandlings")
        )
        dues = [proposal_deadlines(p, calendar=calendar)["reply"].due for p in proposals]
    assert dues == [date(2022, 6, 1), date(2022, 6, 2), date(2022, 6, 3)]


@pytest.mark.django_db
def test_reply_due_for_a_worklist_uses_lead_assignments_and_extensions(
    session: Session, unit: Unit, other_unit: Unit, django_assert_num_queries: Any
) -> None:
    first, second = _proposal(session, 1), _proposal(session, 2)
    Assignment.objects.create(
        proposal=first, unit=unit, role=Assignment.Role.CO, assigned_on=date(2022, 3, 1)
    )
    Assignment.objects.create(
        proposal=first, unit=other_unit, role=Assignment.Role.LEAD, assigned_on=date(2022, 3, 2)
    )
    Assignment.objects.create(
        proposal=second, unit=unit, assigned_on=date(2022, 8, 31), deadline_from=date(2022, 8, 31)
    )
    Extension.objects.create(proposal=second, new_due_on=date(2023, 1, 31), reason="跨部门协调")

    with django_assert_num_queries(2):
        assignments = list(
            Assignment.objects.filter(
                status=Assignment.Status.ACTIVE,
                role__in=[Assignment.Role.LEAD, Assignment.Role.JOINT],
            )
        )
        extensions = extensions_by_proposal([first.pk, second.pk])
    dues = reply_due_for(assignments, extensions)

    assert dues[first.pk].due == date(2022, 6, 2)
    assert dues[second.pk].due == date(2023, 1, 31)
    assert dues[second.pk].rule == "3个月,经批准延期(原定2022年11月30日)"
