"""Demo rows for unit evaluation: the default scheme and the office's reply reviews."""

from __future__ import annotations

import zlib
from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from tian.directory.models import Session
from tian.evaluation.actions import ensure_scheme
from tian.evaluation.models import QualityLevel, ReplyReview
from tian.handling.models import Reply

OFFICE = "ducha"

COMMENTS = {
    QualityLevel.EXCELLENT: "逐条回应建议,措施具体,有时间表和责任人。",
    QualityLevel.GOOD: "回应了主要建议,措施较具体,个别事项未明确完成时限。",
    QualityLevel.FAIR: "答复偏重介绍现状,对建议的采纳情况说明不够具体。",
    QualityLevel.POOR: "答复未针对所提建议,未说明下一步措施。",
}


def _level(number: int, unit_name: str) -> str:
    """A fixed, varied rating: most replies good or better, some units steadier than others."""
    bias = zlib.crc32(unit_name.encode()) % 4
    value = (number * 7) % 20 + bias * 2
    if value < 9:
        return QualityLevel.EXCELLENT
    if value < 16:
        return QualityLevel.GOOD
    if value < 22:
        return QualityLevel.FAIR
    return QualityLevel.POOR


def load_demo_evaluation(session: Session, users: dict[str, Any]) -> int:
    """Ensure `session`'s default scheme and a review of each accepted reply; return how many
    reviews were added (none when loaded again)."""
    ensure_scheme(session)
    replies = (
        Reply.objects.filter(proposal__session=session, status=Reply.Status.ACCEPTED)
        .exclude(quality__isnull=False)
        .select_related("proposal", "unit")
        .order_by("proposal__number", "round", "id")
    )
    reviewer = users.get(OFFICE)
    rows = []
    for reply in replies:
        level = _level(reply.proposal.number or 0, reply.unit.name)
        day = (reply.replied_on or session.opened_on or timezone.localdate()) + timedelta(days=3)
        rows.append(
            ReplyReview(
                reply=reply,
                level=level,
                comment=COMMENTS[level],
                reviewer=reviewer,
                reviewed_at=timezone.make_aware(datetime.combine(day, time(10, 0))),
            )
        )
    ReplyReview.objects.bulk_create(rows)
    return len(rows)
