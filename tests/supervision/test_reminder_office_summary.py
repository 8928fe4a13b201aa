"""The office hears of a sweep once: one summary per run of what reached its step ("本次催办:
答复逾期 3 件…", linking to the oversight list); each unit still gets its own reminders."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.supervision.test_reminders import ASSIGNED, CLERK_DAY, DUE, OFFICE_DAY, sweep
from tian.handling.models import Assignment
from tian.notifications.models import Notification
from tian.proposals.models import Proposal, Status
from tian.supervision.reminders.sweep import SUMMARY_KIND

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_in_handling(personas: Any, session: Any, unit: Any) -> list[Proposal]:
    """Three proposals the personas' unit leads, all assigned on 2023年3月1日."""
    proposals = []
    for number in (12, 13, 14):
        proposal = Proposal.objects.create(
            session=session,
            number=number,
            title=f"第{number}件关于就业服务的建议",
            lead_proposer=personas.member.proposer,
            status=Status.HANDLING,
        )
        Assignment.objects.create(
            proposal=proposal,
            unit=unit,
            role=Assignment.Role.LEAD,
            assigned_on=ASSIGNED,
            deadline_from=ASSIGNED,
        )
        proposals.append(proposal)
    return proposals


def test_the_office_gets_one_summary_for_a_run_that_escalates_three_replies(
    three_in_handling, personas
):
    sent = sweep(OFFICE_DAY)
    assert len(sent) == 3
    [summary] = Notification.objects.filter(recipient=personas.office)
    assert summary.kind == SUMMARY_KIND
    assert summary.title == "本次催办:答复逾期 3 件"
    assert summary.link == "/oversight/"
    for proposal in three_in_handling:
        assert f"{proposal.number_label}提案答复已逾期7天" in summary.body
    # The unit's clerk still gets one reminder per proposal, asking for the overdue reply.
    reminders = Notification.objects.filter(recipient=personas.unit_clerk, kind="reminder")
    assert reminders.count() == 3
    assert {n.ask for n in reminders} == {"请尽快答复"}


def test_a_run_that_reaches_only_the_units_sends_the_office_nothing(three_in_handling, personas):
    sweep(CLERK_DAY)
    sweep(DUE)
    assert not Notification.objects.filter(recipient=personas.office).exists()
    told = Notification.objects.filter(recipient=personas.unit_clerk).latest("id")
    assert (told.action, told.due_on) == ("答复", DUE)


def test_a_second_run_the_same_day_sends_no_second_summary(three_in_handling, personas):
    sweep(OFFICE_DAY)
    sweep(OFFICE_DAY)
    sweep(date(2023, 6, 9))
    assert Notification.objects.filter(recipient=personas.office).count() == 1
