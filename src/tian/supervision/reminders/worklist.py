"""The unit's worklist box of supervision notices (督办单) waiting for its answer."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from tian.proposals.models import Proposal
from tian.proposals.queries import Section, Urgency
from tian.supervision.models import SupervisionNotice


def notice_sections(user: Any, visible: QuerySet[Proposal]) -> list[Section]:
    """督办单待回复: the notices addressed to the user's units not yet acknowledged, the
    earliest answer due first; one past its 反馈期限 makes the box overdue."""
    if not user.unit_ids:
        return []
    today = timezone.localdate()
    waiting = (
        SupervisionNotice.objects.filter(unit_id__in=user.unit_ids, acknowledged_at__isnull=True)
        .select_related("proposal", "unit")
        .order_by("respond_by", "year", "number")
    )
    return [
        Section(
            "notices",
            "督办单待回复",
            "督查室下发给本单位的督办单:请在反馈期限前签收并反馈办理情况。",
            waiting,
            urgency=Urgency.DUE_SOON,
            counter="份",
            row_template="supervision/worklist/_notice_row.html",
            url=f"{reverse('notice-list')}?pending=1",
            overdue_if=lambda notice: notice.respond_by < today,
        )
    ]
