"""Cross-year tracking (跨年度跟踪督办): earlier sessions' unfinished proposals, year by year.

A proposal of an earlier session whose final reply was graded in progress, or whose
commitments are still open, is tracked in each later session of its body until the
office closes it. Each action checks the policy, runs in one transaction and writes
one audit event.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from tian import policy
from tian.audit.actions import record_event
from tian.audit.events import EventType
from tian.directory.models import Session
from tian.handling.models import StatClass, Verdict
from tian.lib.errors import ActionError
from tian.proposals.locking import lock_proposal
from tian.proposals.models import Proposal
from tian.supervision.models import Commitment, Tracking


def candidates(session: Session) -> QuerySet[Proposal]:
    """Proposals of the body's earlier sessions still to be followed up in `session`'s year."""
    from tian.reports.figures import final_reply_of

    final_class = final_reply_of().values("grade__stat_class")[:1]
    open_commitments = Commitment.objects.filter(
        proposal=OuterRef("pk"), parent__isnull=True, status=Commitment.Status.OPEN
    )
    closed_before = Tracking.objects.filter(
        proposal=OuterRef("pk"), closed_at__isnull=False, session__year__lt=session.year
    )
    return (
        Proposal.objects.filter(session__body_id=session.body_id, session__year__lt=session.year)
        .annotate(
            final_class=Subquery(final_class),
            has_open_commitments=Exists(open_commitments),
            closed_before=Exists(closed_before),
        )
        .filter(Q(final_class=StatClass.IN_PROGRESS) | Q(has_open_commitments=True))
        .filter(closed_before=False)
    )


def sync_tracking(session: Session) -> int:
    """Create the tracking rows of `session` that are missing; return how many were created."""
    missing = (
        candidates(session)
        .exclude(pk__in=Tracking.objects.filter(session=session).values("proposal_id"))
        .values_list("pk", flat=True)
    )
    rows = [Tracking(proposal_id=pk, session=session) for pk in missing]
    # Two people opening the page at once may both create: the constraint keeps one row.
    Tracking.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _locked(tracking: Tracking) -> Tracking:
    lock_proposal(tracking.proposal, None)  # the proposal first, then its tracking rows
    locked = Tracking.objects.select_for_update().select_related("proposal").get(pk=tracking.pk)
    if locked.closed_at is not None:
        raise ActionError("此提案的跨年度跟踪已结束。")
    return locked


def report_year_progress(actor: Any, tracking: Tracking, *, text: str) -> Tracking:
    """The lead unit reports this year's progress on a cross-year proposal (本年度办理进展)."""
    policy.require(actor, "tracking.report", tracking)
    text = (text or "").strip()
    if not text:
        raise ActionError("请填写本年度办理进展。")
    with transaction.atomic():
        tracking = _locked(tracking)
        tracking.progress_report = text
        tracking.reported_at = timezone.now()
        tracking.reported_by = actor
        tracking.save(update_fields=["progress_report", "reported_at", "reported_by"])
        record_event(
            actor,
            EventType.TRACKING_REPORTED,
            proposal=tracking.proposal,
            target=tracking,
            session=tracking.session_id,
        )
    return tracking


def give_tracking_verdict(
    actor: Any, tracking: Tracking, *, verdict: str, comment: str = ""
) -> Tracking:
    """The lead proposer says how satisfied they are with this year's progress."""
    policy.require(actor, "tracking.verdict", tracking)
    if verdict not in Verdict.values:
        raise ActionError("请选择满意、基本满意或不满意。")
    with transaction.atomic():
        tracking = _locked(tracking)
        if not tracking.progress_report:
            raise ActionError("承办单位尚未报告本年度办理进展,暂不能评价。")
        tracking.verdict = verdict
        tracking.verdict_comment = (comment or "").strip()
        tracking.verdict_at = timezone.now()
        tracking.save(update_fields=["verdict", "verdict_comment", "verdict_at"])
        record_event(
            actor,
            EventType.TRACKING_JUDGED,
            proposal=tracking.proposal,
            target=tracking,
            verdict=verdict,
        )
    return tracking


def close_tracking(actor: Any, tracking: Tracking, *, reason: str) -> Tracking:
    """The office ends the follow-up of a cross-year proposal, with the reason."""
    policy.require(actor, "tracking.close", tracking)
    reason = (reason or "").strip()
    if not reason:
        raise ActionError("请填写结束跟踪的理由。")
    with transaction.atomic():
        tracking = _locked(tracking)
        tracking.closed_at = timezone.now()
        tracking.closed_by = actor
        tracking.close_reason = reason
        tracking.save(update_fields=["closed_at", "closed_by", "close_reason"])
        record_event(
            actor,
            EventType.TRACKING_CLOSED,
            proposal=tracking.proposal,
            target=tracking,
            reason=reason,
        )
    return tracking
