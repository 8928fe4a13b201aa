"""The office's supervision list: each section lists what it should, derived from today."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tian.directory.models import Session
from tian.handling.models import (
    Assignment,
    Extension,
    Feedback,
    Grade,
    ReassignmentRequest,
    Reply,
)
from tian.proposals.models import Proposal, Status
from tian.supervision.models import Commitment, ProgressUpdate
from tian.supervision.oversight import queries as oversight
from tian.supervision.oversight import views as oversight_views

pytestmark = pytest.mark.django_db

TODAY = date(2022, 9, 1)
EVERYTHING = oversight.OversightFilters()


@pytest.fixture
def make(personas: Any, session: Any, unit: Any) -> Any:
    """A proposal of the session, handled by `unit` as lead from `assigned_on`."""
    numbers = iter(range(1, 1000))

    def build(
        status: str = Status.HANDLING,
        *,
        assigned_on: date | None = date(2022, 3, 1),
        lead_unit: Any = None,
        in_session: Any = None,
        **kw: Any,
    ) -> Proposal:
        number = next(numbers)
        proposal = Proposal.objects.create(
            session=in_session or session,
            number=number,
            title=kw.pop("title", f"关于第{number}号事项的建议"),
            lead_proposer=personas.member.proposer,
            status=status,
        )
        if assigned_on is not None:
            Assignment.objects.create(
                proposal=proposal,
                unit=lead_unit or unit,
                role=Assignment.Role.LEAD,
                assigned_on=assigned_on,
                deadline_from=assigned_on,
            )
        return proposal

    return build


def reply(proposal: Proposal, unit: Any, grade_code: str = "A", **kw: Any) -> Reply:
    grade = Grade.objects.get(session=proposal.session, code=grade_code)
    return Reply.objects.create(
        proposal=proposal,
        unit=unit,
        grade=grade,
        status=kw.pop("status", Reply.Status.ACCEPTED),
        replied_on=kw.pop("replied_on", date(2022, 6, 1)),
        **kw,
    )


def measure(proposal: Proposal, unit: Any, description: str, **kw: Any) -> Commitment:
    kw.setdefault("start_on", date(2022, 6, 1))
    kw.setdefault("due_on", date(2022, 12, 31))
    return Commitment.objects.create(
        proposal=proposal, responsible_unit=unit, description=description, **kw
    )


def numbers(queryset: Any) -> list[int]:
    return [p.number for p in queryset]


def descriptions(queryset: Any) -> list[str]:
    return [c.description for c in queryset]


# --- Replies --------------------------------------------------------------------------------


def test_a_reply_is_overdue_from_the_day_after_its_three_months(make):
    late = make(assigned_on=date(2022, 5, 31))
    make(assigned_on=date(2022, 6, 2))
    assert numbers(oversight.replies_overdue(date(2022, 8, 31), EVERYTHING)) == []
    assert numbers(oversight.replies_overdue(TODAY, EVERYTHING)) == [late.number]


def test_an_extended_reply_is_overdue_only_after_the_extension(make):
    extended = make(assigned_on=date(2022, 3, 1))
    Extension.objects.create(proposal=extended, new_due_on=date(2022, 9, 15), reason="需调研")
    assert numbers(oversight.replies_overdue(TODAY, EVERYTHING)) == []
    assert numbers(oversight.replies_overdue(date(2022, 9, 16), EVERYTHING)) == [extended.number]


def test_a_replied_proposal_is_not_an_overdue_reply(make, unit):
    replied = make(Status.REPLIED, assigned_on=date(2022, 3, 1))
    reply(replied, unit)
    assert numbers(oversight.replies_overdue(TODAY, EVERYTHING)) == []


def test_replies_due_within_two_weeks_are_due_soon_and_later_ones_are_not(make):
    soon = make(assigned_on=date(2022, 6, 10))  # due 2022-09-10
    make(assigned_on=date(2022, 7, 1))  # due 2022-10-01
    make(assigned_on=date(2022, 5, 1))  # already overdue
    assert numbers(oversight.replies_due_soon(TODAY, EVERYTHING)) == [soon.number]


def test_reply_rows_show_the_due_date_and_days_overdue(make):
    make(assigned_on=date(2022, 5, 20))
    with time_machine.travel(TODAY, tick=False):
        [section] = oversight.oversight_sections(TODAY, EVERYTHING, only=["replies-overdue"])
    [row] = section.rows
    assert (row.day, row.note, row.unit, row.late) == (
        date(2022, 8, 20),
        "逾期12天",
        "人社局",
        True,
    )


# --- Objections and verdicts ----------------------------------------------------------------


def test_only_undecided_objections_are_pending(make, unit):
    waiting = make(Status.ASSIGNED)
    decided = make(Status.ASSIGNED)
    pending = ReassignmentRequest.objects.create(
        assignment=waiting.assignments.get(), reason="不属本单位职能"
    )
    ReassignmentRequest.objects.create(
        assignment=decided.assignments.get(),
        reason="不属本单位职能",
        status=ReassignmentRequest.Status.REJECTED,
    )
    assert list(oversight.objections_pending(EVERYTHING)) == [pending]


def test_a_verdict_is_missing_once_its_window_has_passed_without_feedback(make, unit, personas):
    silent = make(Status.REPLIED)
    reply(silent, unit, replied_on=date(2022, 7, 1))
    answered = make(Status.REPLIED)
    reply(answered, unit, replied_on=date(2022, 7, 1))
    Feedback.objects.create(
        proposal=answered, proposer=personas.member.proposer, result="satisfied"
    )
    recent = make(Status.REPLIED)
    reply(recent, unit, replied_on=date(2022, 8, 25))
    assert numbers(oversight.verdicts_missing(TODAY, EVERYTHING)) == [silent.number]


def test_feedback_on_an_earlier_round_does_not_count_for_the_new_reply(make, unit, personas):
    rehandled = make(Status.REPLIED)
    reply(rehandled, unit, replied_on=date(2022, 5, 1))
    Feedback.objects.create(
        proposal=rehandled, proposer=personas.member.proposer, result="dissatisfied"
    )
    reply(rehandled, unit, replied_on=date(2022, 7, 1), round=2)
    assert numbers(oversight.verdicts_missing(TODAY, EVERYTHING)) == [rehandled.number]


# --- Commitments ----------------------------------------------------------------------------


def test_open_commitments_past_due_are_overdue_and_done_ones_are_not(make, unit):
    proposal = make(Status.CLOSED)
    measure(proposal, unit, "建设零工市场", due_on=date(2022, 8, 31))
    measure(proposal, unit, "已完成", due_on=date(2022, 8, 1), status="done", progress=100)
    measure(proposal, unit, "今天到期", due_on=TODAY)
    assert descriptions(oversight.commitments_overdue(TODAY, EVERYTHING)) == ["建设零工市场"]


def test_stalled_lists_quiet_commitments_not_yet_due_and_not_the_overdue_ones(make, unit, settings):
    settings.TIAN_STALLED_DAYS = 30
    proposal = make(Status.CLOSED)
    measure(proposal, unit, "无人问津", start_on=date(2022, 6, 1))
    busy = measure(proposal, unit, "常有进展", start_on=date(2022, 6, 1))
    ProgressUpdate.objects.create(
        commitment=busy, reported_on=date(2022, 8, 20), progress=40, note="推进中"
    )
    measure(proposal, unit, "已逾期", start_on=date(2022, 6, 1), due_on=date(2022, 8, 1))
    assert descriptions(oversight.commitments_stalled(TODAY, EVERYTHING)) == ["无人问津"]


# --- Reply-only -----------------------------------------------------------------------------


def test_an_in_progress_reply_without_commitments_is_reply_only(make, unit):
    promised_nothing = make(Status.CLOSED)
    reply(promised_nothing, unit, "B")
    with_plan = make(Status.CLOSED)
    reply(with_plan, unit, "B")
    measure(with_plan, unit, "列入年度计划")
    resolved = make(Status.CLOSED)
    reply(resolved, unit, "A")
    assert numbers(oversight.in_progress_without_commitments(EVERYTHING)) == [
        promised_nothing.number
    ]


def test_only_the_final_reply_grade_decides_reply_only(make, unit):
    later_resolved = make(Status.CLOSED)
    reply(later_resolved, unit, "B", replied_on=date(2022, 5, 1))
    reply(later_resolved, unit, "A", replied_on=date(2022, 7, 1), round=2)
    later_in_progress = make(Status.CLOSED)
    reply(later_in_progress, unit, "A", replied_on=date(2022, 5, 1))
    reply(later_in_progress, unit, "B", replied_on=date(2022, 7, 1), round=2)
    assert numbers(oversight.in_progress_without_commitments(EVERYTHING)) == [
        later_in_progress.number
    ]


def test_cancelled_commitments_do_not_count_as_a_plan(make, unit):
    proposal = make(Status.CLOSED)
    reply(proposal, unit, "B")
    measure(proposal, unit, "取消的措施", status=Commitment.Status.CANCELLED)
    assert numbers(oversight.in_progress_without_commitments(EVERYTHING)) == [proposal.number]


def test_started_commitments_never_reported_on_are_reply_only(make, unit):
    silent = make(Status.CLOSED)
    measure(silent, unit, "从未报告", start_on=date(2022, 6, 1))
    reported = make(Status.CLOSED)
    measure(reported, unit, "甲", start_on=date(2022, 6, 1))
    step = measure(reported, unit, "乙", start_on=date(2022, 6, 1))
    ProgressUpdate.objects.create(
        commitment=step, reported_on=date(2022, 6, 10), progress=10, note="启动"
    )
    not_started = make(Status.CLOSED)
    measure(not_started, unit, "明年开始", start_on=date(2023, 1, 1), due_on=date(2023, 6, 30))
    assert numbers(oversight.commitments_never_reported(TODAY, EVERYTHING)) == [silent.number]


# --- Filters --------------------------------------------------------------------------------


def test_the_unit_filter_keeps_the_units_own_items(make, unit, other_unit):
    mine = make(assigned_on=date(2022, 5, 1))
    theirs = make(assigned_on=date(2022, 5, 1), lead_unit=other_unit)
    measure(mine, unit, "本单位措施", due_on=date(2022, 8, 1))
    measure(theirs, other_unit, "他单位措施", due_on=date(2022, 8, 1))
    only_mine = oversight.OversightFilters(unit_id=unit.pk)
    assert numbers(oversight.replies_overdue(TODAY, only_mine)) == [mine.number]
    assert descriptions(oversight.commitments_overdue(TODAY, only_mine)) == ["本单位措施"]


def test_the_session_filter_keeps_the_sessions_items(make, session):
    earlier = Session.objects.create(
        body=session.body, term=session.term, name="四届五次会议", slug="test-2021", year=2021
    )
    this_year = make(assigned_on=date(2022, 5, 1))
    make(assigned_on=date(2022, 5, 1), in_session=earlier)
    filters = oversight.OversightFilters(session_ids=(session.pk,))
    assert numbers(oversight.replies_overdue(TODAY, filters)) == [this_year.number]


def test_open_sessions_are_those_with_work_left(make, session, unit):
    session.is_open_for_submission = False
    session.save()
    finished = Session.objects.create(
        body=session.body,
        term=session.term,
        name="四届四次会议",
        slug="test-2020",
        year=2020,
        is_open_for_submission=False,
    )
    make(Status.CLOSED, in_session=finished)
    promised = make(Status.CLOSED)
    measure(promised, unit, "仍在推进")
    assert list(oversight.open_sessions()) == [session]


# --- The page -------------------------------------------------------------------------------


def crowd(make: Any, unit: Any, n: int) -> None:
    """`n` items in every section."""
    for _ in range(n):
        make(assigned_on=date(2022, 5, 1))
        make(assigned_on=date(2022, 6, 10))
        objecting = make(Status.ASSIGNED, assigned_on=date(2022, 8, 29))
        ReassignmentRequest.objects.create(assignment=objecting.assignments.get(), reason="职能")
        silent = make(Status.REPLIED)
        reply(silent, unit, "B", replied_on=date(2022, 7, 1))
        measure(silent, unit, "逾期", due_on=date(2022, 8, 1))
        measure(silent, unit, "停滞", start_on=date(2022, 6, 1))


def page_queries(client: Any, office: Any) -> tuple[int, Any]:
    client.force_login(office)
    frozen = time_machine.travel(datetime(2022, 9, 1, 10), tick=False)
    with frozen, CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("oversight"))
    assert response.status_code == 200
    return len(queries), response


def test_the_page_takes_the_same_number_of_queries_however_many_rows(client, personas, make, unit):
    crowd(make, unit, 1)
    few, response = page_queries(client, personas.office)
    assert all(s.total == 1 for s in response.context["sections"] if s.key != "reply-only-graded")
    crowd(make, unit, 4)
    many, response = page_queries(client, personas.office)
    assert response.context["sections"][0].total == 5
    assert many == few


def test_the_page_shows_counts_and_rows_of_each_section(client, personas, make, unit):
    overdue = make(assigned_on=date(2022, 5, 1), title="关于增设社区养老服务站的建议")
    client.force_login(personas.office)
    with time_machine.travel(datetime(2022, 9, 1, 10), tick=False):
        response = client.get(reverse("oversight"))
    content = response.content.decode()
    assert 'data-section="replies-overdue"><b>1</b>' in content
    assert f'href="{reverse("proposal-detail", kwargs={"pk": overdue.pk})}"' in content
    assert "关于增设社区养老服务站的建议" in content


def test_a_long_section_shows_its_first_rows_and_links_to_the_rest(
    client, personas, make, monkeypatch
):
    for _ in range(3):
        make(assigned_on=date(2022, 5, 1))
    monkeypatch.setattr(oversight_views, "ROW_LIMIT", 2)
    client.force_login(personas.office)
    with time_machine.travel(datetime(2022, 9, 1, 10), tick=False):
        summary = client.get(reverse("oversight"))
        full = client.get(reverse("oversight") + "?section=replies-overdue")
    assert len(summary.context["sections"][0].rows) == 2
    assert "section=replies-overdue" in summary.content.decode()
    [section] = full.context["sections"]
    assert len(section.rows) == 3


def test_a_leader_may_not_open_the_list(client, personas):
    client.force_login(personas.leader)
    assert client.get(reverse("oversight")).status_code == 403


def test_the_office_sees_the_nav_link_and_a_unit_does_not(client, personas):
    client.force_login(personas.office)
    assert reverse("oversight") in client.get(reverse("inbox")).content.decode()
    client.force_login(personas.unit_clerk)
    assert reverse("oversight") not in client.get(reverse("inbox")).content.decode()
