"""The figures of a session (DESIGN §5): the one module that dashboards, `tian stats`
and the annual report all call. Every figure is aggregated in the database at call time."""

from __future__ import annotations

from datetime import date
from typing import TypedDict

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from tian.directory.models import Session
from tian.handling.models import Assignment, Feedback, Grade, Reply, Verdict
from tian.lib.percent import percent, shares
from tian.proposals.models import FILED_STATES, Category, Proposal
from tian.supervision.models import KeyProposal, Tracking


class Share(TypedDict):
    count: int
    percent: str


class Satisfaction(TypedDict):
    attitude: str
    result: str
    responses: int
    no_response: int


class Commitments(TypedDict):
    total: int
    done: int
    overdue: int
    done_rate: str


class Units(TypedDict):
    lead: int
    co: int


class SessionFigures(TypedDict):
    session: str
    name: str
    total: int
    by_category: dict[str, int]
    by_grade: dict[str, Share]
    satisfaction: Satisfaction
    key_proposals: int
    units: Units
    commitments: Commitments
    cross_year: int


def filed_proposals(session: Session):
    """Proposals received for handling (立案): the seed's 收到…提案N件."""
    return Proposal.objects.filter(session=session, status__in=FILED_STATES)


def final_replies(session: Session):
    """Each proposal's final graded reply: the accepted one of the latest round."""
    latest = (
        Reply.objects.filter(
            proposal=OuterRef("proposal_id"), status=Reply.Status.ACCEPTED, grade__isnull=False
        )
        .order_by("-round", "-replied_on", "-id")
        .values("pk")[:1]
    )
    return Reply.objects.filter(
        proposal__in=filed_proposals(session),
        status=Reply.Status.ACCEPTED,
        grade__isnull=False,
        pk=Subquery(latest),
    )


def by_grade(session: Session) -> dict[str, Share]:
    """Proposals by the grade of their final reply, labels from the session's grade set."""
    counted = dict(
        final_replies(session)
        .values("grade_id")
        .annotate(n=Count("id"))
        .values_list("grade_id", "n")
    )
    grades = list(Grade.objects.filter(session=session).order_by("order", "id"))
    counts = [counted.get(g.pk, 0) for g in grades]
    return {
        g.label: {"count": c, "percent": p}
        for g, c, p in zip(grades, counts, shares(counts), strict=True)
    }


def final_feedback(session: Session):
    """Each proposal's last verdict (the latest round), answered or recorded as missing."""
    latest = (
        Feedback.objects.filter(proposal=OuterRef("proposal_id"))
        .order_by("-round", "-id")
        .values("pk")[:1]
    )
    return Feedback.objects.filter(proposal__in=filed_proposals(session), pk=Subquery(latest))


def satisfaction(session: Session) -> Satisfaction:
    """满意率和基本满意率 = (满意 + 基本满意) / verdicts received, for attitude and result."""
    content = (Verdict.SATISFIED, Verdict.BASICALLY)
    row = final_feedback(session).aggregate(
        responses=Count("id", filter=Q(responded=True)),
        missing=Count("id", filter=Q(responded=False)),
        attitude=Count("id", filter=Q(responded=True, attitude__in=content)),
        result=Count("id", filter=Q(responded=True, result__in=content)),
    )
    return {
        "attitude": percent(row["attitude"], row["responses"]),
        "result": percent(row["result"], row["responses"]),
        "responses": row["responses"],
        "no_response": row["missing"],
    }


def commitment_figures(session: Session, today: date | None = None) -> Commitments:
    """办成率: promised measures (top level, not cancelled), how many done, how many overdue."""
    from tian.supervision.commitment_queries import overdue_q
    from tian.supervision.models import Commitment

    today = today or timezone.localdate()
    totals = (
        Commitment.objects.filter(proposal__session=session, parent__isnull=True)
        .exclude(status=Commitment.Status.CANCELLED)
        .aggregate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=Commitment.Status.DONE)),
            overdue=Count("pk", filter=overdue_q(today)),
        )
    )
    return {**totals, "done_rate": percent(totals["done"], totals["total"])}


def units_involved(session: Session) -> Units:
    """How many units handled the session's proposals as lead (主办/会办) and as co-units."""
    active = Assignment.objects.filter(
        proposal__in=filed_proposals(session), status=Assignment.Status.ACTIVE
    )
    return active.aggregate(
        lead=Count("unit", distinct=True, filter=Q(role__in=["lead", "joint"])),
        co=Count("unit", distinct=True, filter=Q(role="co")),
    )


def cross_year(session: Session) -> int:
    """跨年度提案: earlier sessions' proposals followed up in this session's year."""
    return Tracking.objects.filter(session=session).count()


def session_figures(session: Session) -> SessionFigures:
    """Every figure of one session, computed from the records now."""
    # Meta.ordering does not apply to aggregate queries: order explicitly.
    categories = (
        Category.objects.filter(session=session)
        .annotate(n=Count("proposals", filter=Q(proposals__status__in=FILED_STATES)))
        .order_by("order", "id")
    )
    return {
        "session": session.slug,
        "name": str(session),
        "total": filed_proposals(session).count(),
        "by_category": {category.name: category.n for category in categories},
        "by_grade": by_grade(session),
        "satisfaction": satisfaction(session),
        "key_proposals": KeyProposal.objects.filter(proposal__in=filed_proposals(session)).count(),
        "units": units_involved(session),
        "commitments": commitment_figures(session),
        "cross_year": cross_year(session),
    }
