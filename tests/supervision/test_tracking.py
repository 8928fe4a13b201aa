"""Cross-year tracking (跨年度跟踪督办): who is followed up in a later year, and by whom."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from tests.supervision.commitment_helpers import measure, replied_proposal
from tian.audit.events import EventType
from tian.audit.models import AuditEvent
from tian.directory.models import Session
from tian.handling.models import Grade, Reply, Verdict
from tian.lib.errors import ActionError
from tian.reports.figures import session_figures
from tian.supervision.models import Commitment, Tracking
from tian.supervision.tracking.actions import (
    candidates,
    close_tracking,
    give_tracking_verdict,
    join_tracking,
    report_year_progress,
)

pytestmark = pytest.mark.django_db


def later(session: Session, year: int) -> Session:
    """A later session of the same body, with the same grade set."""
    new = Session.objects.create(
        body=session.body, term=session.term, name=f"{year}年会议", slug=f"test-{year}", year=year
    )
    for grade in Grade.objects.filter(session=session):
        grade.pk = None
        grade.session = new
        grade.save()
    return new


def graded(proposal: Any, unit: Any, code: str) -> Any:
    grade = Grade.objects.get(session=proposal.session, code=code)
    Reply.objects.create(
        proposal=proposal, unit=unit, grade=grade, replied_on=date(2022, 6, 1), summary="已答复"
    )
    return proposal


@pytest.fixture
def next_year(session: Session) -> Session:
    return later(session, 2023)


@pytest.fixture
def in_progress(personas: Any, session: Session, unit: Any) -> Any:
    """A 2022 proposal whose reply was graded B (正在解决), handled by `unit` as lead."""
    return graded(replied_proposal(personas, session, unit, number=1), unit, "B")


@pytest.fixture
def tracking(in_progress: Any, next_year: Session) -> Tracking:
    join_tracking(None, next_year)
    return Tracking.objects.get(proposal=in_progress, session=next_year)


def test_candidates_include_an_earlier_proposal_graded_in_progress(in_progress, next_year):
    assert list(candidates(next_year)) == [in_progress]


def test_candidates_include_an_earlier_resolved_proposal_with_an_open_commitment(
    personas, session, unit, next_year
):
    proposal = graded(replied_proposal(personas, session, unit, number=2), unit, "A")
    measure(proposal, unit)
    assert list(candidates(next_year)) == [proposal]


def test_candidates_exclude_a_resolved_proposal_whose_commitments_are_done(
    personas, session, unit, next_year
):
    proposal = graded(replied_proposal(personas, session, unit, number=3), unit, "A")
    measure(proposal, unit, status=Commitment.Status.DONE, progress=100)
    measure(proposal, unit, "取消的措施", status=Commitment.Status.CANCELLED)
    assert list(candidates(next_year)) == []


def test_candidates_exclude_proposals_of_the_same_and_later_sessions(
    personas, session, unit, in_progress, next_year
):
    graded(replied_proposal(personas, next_year, unit, number=4), unit, "B")
    assert list(candidates(session)) == []
    assert list(candidates(next_year)) == [in_progress]


def test_candidates_follow_the_final_reply_not_an_earlier_round(in_progress, unit, next_year):
    grade = Grade.objects.get(session=in_progress.session, code="A")
    Reply.objects.create(proposal=in_progress, unit=unit, grade=grade, round=2)
    assert list(candidates(next_year)) == []


def test_joining_creates_each_row_once(in_progress, next_year):
    assert len(join_tracking(None, next_year)) == 1
    assert join_tracking(None, next_year) == []
    assert Tracking.objects.filter(session=next_year).count() == 1


def test_the_lead_unit_reports_the_years_progress(personas, tracking):
    report_year_progress(personas.unit_clerk, tracking, text="今年已完成主体工程。")
    tracking.refresh_from_db()
    assert tracking.progress_report == "今年已完成主体工程。"
    assert tracking.reported_by == personas.unit_clerk
    assert AuditEvent.objects.filter(event_type=EventType.TRACKING_REPORTED).count() == 1


def test_another_unit_may_not_report_progress(personas, tracking):
    with pytest.raises(PermissionDenied):
        report_year_progress(personas.co_clerk, tracking, text="今年已完成主体工程。")


def test_an_empty_progress_report_is_refused(personas, tracking):
    with pytest.raises(ActionError):
        report_year_progress(personas.unit_clerk, tracking, text="  ")


def test_the_proposer_gives_a_verdict_on_the_reported_progress(personas, tracking):
    report_year_progress(personas.unit_clerk, tracking, text="今年已完成主体工程。")
    give_tracking_verdict(personas.member, tracking, verdict=Verdict.SATISFIED, comment="很好")
    tracking.refresh_from_db()
    assert (tracking.verdict, tracking.verdict_comment) == (Verdict.SATISFIED, "很好")
    assert tracking.verdict_at is not None
    assert AuditEvent.objects.filter(event_type=EventType.TRACKING_JUDGED).count() == 1


def test_someone_other_than_the_proposer_may_not_give_the_verdict(personas, tracking):
    report_year_progress(personas.unit_clerk, tracking, text="今年已完成主体工程。")
    for user in (personas.cosigner, personas.unit_clerk, personas.office):
        with pytest.raises(PermissionDenied):
            give_tracking_verdict(user, tracking, verdict=Verdict.SATISFIED)


def test_a_verdict_waits_for_the_years_report(personas, tracking):
    with pytest.raises(ActionError):
        give_tracking_verdict(personas.member, tracking, verdict=Verdict.SATISFIED)


def test_closing_needs_a_reason_and_the_office(personas, tracking):
    with pytest.raises(ActionError):
        close_tracking(personas.office, tracking, reason="")
    with pytest.raises(PermissionDenied):
        close_tracking(personas.clerk, tracking, reason="已办结")
    close_tracking(personas.office, tracking, reason="措施已全部落实")
    tracking.refresh_from_db()
    assert tracking.closed_by == personas.office
    assert AuditEvent.objects.filter(event_type=EventType.TRACKING_CLOSED).count() == 1


def test_a_closed_tracking_refuses_further_reports(personas, tracking):
    close_tracking(personas.office, tracking, reason="措施已全部落实")
    with pytest.raises(ActionError):
        report_year_progress(personas.unit_clerk, tracking, text="又有新进展。")


def test_an_open_tracking_carries_into_the_next_year_and_a_closed_one_does_not(
    personas, session, tracking, in_progress
):
    year_after = later(session, 2024)
    assert list(candidates(year_after)) == [in_progress]
    close_tracking(personas.office, tracking, reason="措施已全部落实")
    assert list(candidates(year_after)) == []


def test_figures_count_the_cross_year_proposals_whether_joined_yet_or_not(
    in_progress, next_year, session
):
    assert session_figures(next_year)["cross_year"] == 1
    join_tracking(None, next_year)
    assert session_figures(next_year)["cross_year"] == 1
    assert session_figures(session)["cross_year"] == 0


def test_the_demo_tracks_the_two_2021_proposals_in_2022_with_satisfied_verdicts():
    call_command("load_demo", stdout=None)
    session = Session.objects.get(slug="xishan-2022")
    assert session_figures(session)["cross_year"] == 2
    rows = Tracking.objects.filter(session=session).select_related("proposal")
    assert sorted(row.proposal.number for row in rows) == [1, 20]
    for row in rows:
        assert row.progress_report
        assert row.verdict == Verdict.SATISFIED
        assert row.verdict_at.year == 2022
