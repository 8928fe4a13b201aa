"""The unit's worklist box of measures (实施清单) coming due or overdue."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from tian.proposals.models import Proposal
from tian.proposals.queries import Section, Urgency
from tian.supervision.models import Commitment

DUE_WITHIN_DAYS = 14


def commitment_sections(user: Any, visible: QuerySet[Proposal]) -> list[Section]:
    """措施到期/逾期: the open measures of the user's units due within DUE_WITHIN_DAYS days or
    overdue, earliest first; overdue ones make the box overdue."""
    if not user.unit_ids:
        return []
    today = timezone.localdate()
    due = (
        Commitment.objects.open()
        .for_units(user.unit_ids)
        .reported_on()
        .due_by(today + timedelta(days=DUE_WITHIN_DAYS))
        .select_related("proposal", "responsible_unit", "parent")
        .order_by("due_on", "id")
    )
    return [
        Section(
            "commitments-due",
            "措施到期/逾期",
            f"本单位负责、{DUE_WITHIN_DAYS}天内到期或已逾期的实施清单措施:请推进并报告进展。",
            due,
            urgency=Urgency.DUE_SOON,
            counter="项",
            row_template="supervision/worklist/_commitment_row.html",
            url=f"{reverse('commitment-list')}?overdue=1",
            overdue_if=lambda commitment: commitment.due_on < today,
        )
    ]
