"""Cross-year tracking (跨年度跟踪督办): earlier sessions' unfinished proposals, year by year.

A proposal of an earlier session whose final reply was graded in progress, or whose
commitments are still open, is tracked in each later session of its body until the
office closes it. Each action checks the policy, runs in one transaction and writes
one audit event.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from tian import policy
from tian.audit.actions import record_event
from tian.audit.events import EventType
from tian.directory.models import Session
from tian.handling.models import Reply, StatClass, Verdict
from tian.lib.errors import ActionError
from tian.proposals.locking import lock_proposal
from tian.proposals.models import Proposal
from tian.supervision.models import Commitment, Tracking


def _earlier(session: Session) -> QuerySet[Proposal]:
    """The body's proposals of earlier sessions, annotated with what the rule looks at."""
    final_class = Reply.objects.final_of().values("grade__stat_class")[:1]
    open_commitments = Commitment.objects.filter(
        proposal=OuterRef("pk"), parent__isnull=True, status=Commitment.Status.OPEN
    )
    closed_before = Tracking.objects.filter(
        proposal=OuterRef("pk"), closed_at__isnull=False, session__year__lt=session.year
    )
    joined = Tracking.objects.filter(proposal=OuterRef("pk"), session=session)
    return Proposal.objects.filter(
        session__body_id=session.body_id, session__year__lt=session.year
    ).annotate(
        final_class=Subquery(final_class),
        has_open_commitments=Exists(open_commitments),
        closed_before=Exists(closed_before),
        joined=Exists(joined),
    )


# An earlier proposal still in progress: graded in progress by its final accepted reply, or
# with open commitments — unless the office ended its follow-up in an earlier year.
_STILL_IN_PROGRESS = (Q(final_class=StatClass.IN_PROGRESS) | Q(has_open_commitments=True)) & Q(
    closed_before=False
)


def candidates(session: Session) -> QuerySet[Proposal]:
    """Proposals of the body's earlier sessions still to be followed up in `session`'s year."""
    return _earlier(session).filter(_STILL_IN_PROGRESS)


def cross_year_proposals(session: Session) -> QuerySet[Proposal]:
    """跨年度提案 of `session`'s year, from the records: the earlier proposals still in
    progress, and those already on this year's list (finishing during the year does not
    take them off it). Whether anyone has joined them yet does not change the count."""
    return _earlier(session).filter(_STILL_IN_PROGRESS | Q(joined=True))


def waiting_to_join(session: Session) -> QuerySet[Proposal]:
    """Candidates not yet on `session`'s tracking list."""
    return candidates(session).filter(joined=False)


def join_tracking(actor: Any, session: Session) -> list[Tracking]:
    """Put the year's candidates on `session`'s tracking list (列入跨年度跟踪), one audit
    event per proposal joined. `actor` None is the background sweep; a person needs the
    office's permission. Running it again joins nothing twice."""
    if actor is not None:
        policy.require(actor, "tracking.sync", session)
    joined: list[Tracking] = []
    with transaction.atomic():
        waiting = waiting_to_join(session).select_related("session")
        for proposal in waiting.order_by("session__year", "number", "pk"):
            try:
                # A concurrent sweep may join the same proposal: the constraint keeps one row.
                with transaction.atomic():
                    tracking = Tracking.objects.create(proposal=proposal, session=session)
            except IntegrityError:
                continue
            record_event(
                actor,
                EventType.TRACKING_JOINED,
                proposal=proposal,
                target=tracking,
                message=f"{proposal.session.name}{proposal.number_label}列入{session}跨年度跟踪",
                session=session.slug,
            )
            joined.append(tracking)
    return joined


def latest_sessions() -> list[Session]:
    """Each body's newest session: the year whose tracking list the sweep keeps up."""
    newest = Session.objects.filter(body_id=OuterRef("body_id")).order_by("-year", "-id")
    return list(
        Session.objects.select_related("body")
        .filter(pk=Subquery(newest.values("pk")[:1]))
        .order_by("body_id")
    )


def join_all_tracking_lists() -> dict[str, int]:
    """The sweep: join each body's newest session's list; how many joined, per session slug."""
    return {session.slug: len(join_tracking(None, session)) for session in latest_sessions()}


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
