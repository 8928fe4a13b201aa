"""Demo rows for supervision notices (督办单): two notices in the open session, one answered,
and the reminders the sweep would have sent by today."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from tian.directory.models import User
from tian.handling.models import Assignment
from tian.proposals.models import Status
from tian.supervision.models import SupervisionNotice
from tian.supervision.reminders.notices import acknowledge_notice, issue_notice, unit_people
from tian.supervision.reminders.sweep import send_due_reminders


def load_demo_notices(session: Any) -> None:
    """Demo: two notices in the open session (one acknowledged) and the reminders the sweep
    would have sent by today. Safe to run again: nothing is issued twice."""
    office = User.objects.filter(username="ducha").first()
    if (
        office is not None
        and not SupervisionNotice.objects.filter(proposal__session=session).exists()
    ):
        _issue_demo_notices(session, office)
    send_due_reminders(timezone.localdate())


def _issue_demo_notices(session: Any, office: User) -> None:
    leads = (
        Assignment.objects.filter(
            proposal__session=session,
            proposal__status__in=[Status.ASSIGNED, Status.HANDLING],
            status=Assignment.Status.ACTIVE,
            role=Assignment.Role.LEAD,
        )
        .select_related("proposal", "unit")
        .order_by("proposal__number", "id")
    )
    chosen: dict[int, Assignment] = {}
    for lead in leads:
        chosen.setdefault(lead.unit_id, lead)
        if len(chosen) == 2:
            break
    today = timezone.localdate()
    for index, lead in enumerate(chosen.values()):
        notice = issue_notice(
            office,
            lead.proposal,
            unit=lead.unit,
            content=(
                "该提案答复期限临近,请单位主要负责同志亲自过问,"
                "与提案者当面沟通,按期报送签章答复,并将办理进度报督查室。"
            ),
            respond_by=today + timedelta(days=7),
        )
        people = unit_people(lead.unit)
        if index == 0 and people:
            acknowledge_notice(
                people[0],
                notice,
                response="已签收。我局已安排分管领导牵头,本周内与提案者面商,按期报送答复。",
            )
