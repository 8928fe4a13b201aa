"""Drill-downs: the proposals behind a bar, a slice or a point of a dashboard chart."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    Exists,
    OuterRef,
    Q,
)

from tian.directory.models import Proposer, Session
from tian.handling.models import (
    Assignment,
)
from tian.proposals.models import FILED_STATES, CoSignature
from tian.reports.figures.session import PROPOSER_TYPES, final_replies


@dataclass(frozen=True)
class DrillDown:
    """The proposals behind one dashboard figure, as filters on the proposal list: each
    filter selects exactly the proposals that the figure of the same name counts."""

    filed: bool = False
    category_id: int | None = None
    grade_id: int | None = None
    proposer_type: str = ""
    unit_id: int | None = None
    unit_role: str = ""  # "lead" (主办/会办), "co" (协办) or "" for either


UNIT_ROLES = {"lead": list(Assignment.LEADING_ROLES), "co": [Assignment.Role.CO]}


def proposer_type_q(kind: str) -> Q:
    """The filter behind one share of `by_proposer_type` (个人/联名/集体)."""
    collective = Q(lead_proposer__kind=Proposer.Kind.COLLECTIVE)
    cosigned = Exists(
        CoSignature.objects.filter(proposal=OuterRef("pk"), status=CoSignature.Status.CONFIRMED)
    )
    if kind == "collective":
        return collective
    if kind == "joint":
        return ~collective & cosigned
    return ~collective & ~cosigned


def drill_down(proposals, session: Session | None, drill: DrillDown):
    """Narrow `proposals` to those a figure of `session` counts; subqueries, not joins, so
    the list keeps one row per proposal and a fixed number of queries."""
    if drill.filed or drill.grade_id or drill.proposer_type or drill.unit_id:
        proposals = proposals.filter(status__in=FILED_STATES)
    if drill.category_id:
        proposals = proposals.filter(category_id=drill.category_id)
    if drill.proposer_type in PROPOSER_TYPES:
        proposals = proposals.filter(proposer_type_q(drill.proposer_type))
    if session is not None and drill.grade_id:
        replies = final_replies(session).filter(grade_id=drill.grade_id)
        proposals = proposals.filter(pk__in=replies.values("proposal_id"))
    if drill.unit_id:
        assigned = Assignment.objects.active().filter(unit_id=drill.unit_id)
        if drill.unit_role in UNIT_ROLES:
            assigned = assigned.filter(role__in=UNIT_ROLES[drill.unit_role])
        proposals = proposals.filter(pk__in=assigned.values("proposal_id"))
    return proposals
