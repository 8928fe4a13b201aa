"""Commitment lists (实施清单): for a unit, for the office, for a proposal; overdue and stalled
are derived in the database from today's date, with the last update as an annotation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import (
    Count,
    DateField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from tian.directory.models import Session
from tian.supervision.commitments.timeline import Timeline, timeline_rows
from tian.supervision.models import Commitment, ProgressUpdate, totals
from tian.supervision.policy import visible_commitments

DEFAULT_STALLED_DAYS = 30


def stalled_days() -> int:
    """Days without an update after which an open commitment counts as stalled (停滞)."""
    return int(getattr(settings, "TIAN_STALLED_DAYS", DEFAULT_STALLED_DAYS))


def with_last_update(queryset: QuerySet[Commitment]) -> QuerySet[Commitment]:
    """Annotate `last_reported_on`: the latest update of the commitment or of its sub-steps,
    and `last_activity_on`: that, or the start date when nothing was ever reported."""
    latest = (
        ProgressUpdate.objects.filter(
            Q(commitment_id=OuterRef("pk")) | Q(commitment__parent_id=OuterRef("pk"))
        )
        .order_by("-reported_on")
        .values("reported_on")[:1]
    )
    return queryset.annotate(
        last_reported_on=Subquery(latest, output_field=DateField()),
    ).annotate(
        last_activity_on=Coalesce("last_reported_on", "start_on", Cast("created_at", DateField())),
    )


def stalled_q(today: date, days: int | None = None) -> Q:
    """Open and nothing reported for `days` days (停滞); needs `with_last_update`."""
    days = stalled_days() if days is None else days
    return Q(status=Commitment.Status.OPEN, last_activity_on__lt=today - timedelta(days=days))


@dataclass(frozen=True)
class CommitmentFilters:
    session: Session | None = None
    overdue: bool = False
    stalled: bool = False
    unit_id: int | None = None


def commitment_list(user: Any, filters: CommitmentFilters, today: date) -> QuerySet[Commitment]:
    """The commitments `user` may follow (office: all; a unit: its own), filtered, with what a
    row shows joined in and the last update annotated — one query however many rows."""
    queryset = visible_commitments(user, Commitment.objects.all())
    if filters.session is not None:
        queryset = queryset.filter(proposal__session=filters.session)
    if filters.unit_id:
        queryset = queryset.filter(responsible_unit_id=filters.unit_id)
    queryset = with_last_update(queryset)
    if filters.overdue:
        queryset = queryset.overdue(today)
    if filters.stalled:
        queryset = queryset.filter(stalled_q(today))
    return queryset.select_related("proposal__session", "responsible_unit", "parent").order_by(
        "due_on", "proposal__number", "id"
    )


def counts(queryset: QuerySet[Commitment], today: date) -> dict[str, int]:
    """Totals for a list's heading: all, done, overdue, stalled — one aggregate query."""
    return with_last_update(queryset.order_by()).aggregate(
        **totals(today), stalled=Count("pk", filter=stalled_q(today))
    )


def for_proposal(proposal: Any) -> list[Commitment]:
    """A proposal's top-level commitments with their sub-steps (two queries), for the timeline."""
    children = with_last_update(Commitment.objects.select_related("responsible_unit")).order_by(
        "due_on", "id"
    )
    return list(
        with_last_update(
            Commitment.objects.filter(proposal=proposal, parent__isnull=True).select_related(
                "responsible_unit"
            )
        )
        .prefetch_related(Prefetch("children", queryset=children))
        .order_by("due_on", "id")
    )


def proposal_timeline(proposal: Any, today: date | None = None) -> Timeline:
    """The proposal page's time progress bar: its commitments and sub-steps (two queries)."""
    return timeline_rows(for_proposal(proposal), today or timezone.localdate())
