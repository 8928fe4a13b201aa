"""Named lists of key proposals (重点提案) with their commitments' progress, for pages."""

from __future__ import annotations

from typing import Any

from django.db.models import (
    Avg,
    Case,
    CharField,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Round
from django.utils import timezone

from tian.directory.models import Leader, Session
from tian.proposals.models import Proposal
from tian.proposals.queries import Section, worklist_section
from tian.supervision.models import Commitment, KeyProposal, totals
from tian.supervision.policy import is_leader, own_key_proposals_q, visible_key_proposals


def _commitment_figure(aggregate: Any) -> Subquery:
    """One figure over a key proposal's top-level, not cancelled commitments, as a subquery.

    Sub-steps are left out: a parent's progress already comes from its children.
    """
    rows = (
        Commitment.objects.counted()
        .filter(proposal_id=OuterRef("proposal_id"))
        .order_by()
        .values("proposal_id")
        .annotate(figure=aggregate)
        .values("figure")
    )
    return Subquery(rows, output_field=IntegerField())


def with_progress(queryset: QuerySet[KeyProposal]) -> QuerySet[KeyProposal]:
    """Annotate each key proposal with commitments_total, _done, _overdue and progress (0–100).

    Aggregated in the database as correlated subqueries, so the list costs the same
    number of queries whatever its length, and a join never repeats a row.
    """
    today = timezone.localdate()
    figures = {
        f"commitments_{name}": Coalesce(_commitment_figure(aggregate), Value(0))
        for name, aggregate in totals(today).items()
    }
    return queryset.annotate(
        **figures,
        progress=Coalesce(
            _commitment_figure(Cast(Round(Avg("progress")), IntegerField())), Value(0)
        ),
    )


#: How a leader stands to a key proposal on their list (`my_part`), and its mark.
LEADS, SUPERVISES, FOLLOWS = "lead", "supervise", ""
MY_PART_LABELS = {LEADS: "我领办", SUPERVISES: "我督办"}


def key_proposals_for(user: Any, session: Session | None = None) -> QuerySet[KeyProposal]:
    """The key proposals `user` follows (staff, the office and leaders: all of them), with
    proposer, leaders and progress fetched alongside. For a leader each carries `my_part`
    (LEADS, SUPERVISES or FOLLOWS) and their own come first."""
    queryset = visible_key_proposals(user)
    if session is not None:
        queryset = queryset.filter(proposal__session=session)
    queryset = queryset.select_related(
        "proposal__session", "proposal__lead_proposer", "proposal__category", "lead_leader"
    ).prefetch_related(Prefetch("supervisors", queryset=Leader.objects.order_by("name")))
    order = ["proposal__session", "proposal__number", "pk"]
    if is_leader(user):
        supervised = KeyProposal.supervisors.through.objects.filter(leader_id=user.leader_id)
        queryset = queryset.annotate(
            my_part=Case(
                When(lead_leader_id=user.leader_id, then=Value(LEADS)),
                When(pk__in=supervised.values("keyproposal_id"), then=Value(SUPERVISES)),
                default=Value(FOLLOWS),
                output_field=CharField(),
            )
        ).annotate(mine=Case(When(my_part=FOLLOWS, then=Value(1)), default=Value(0)))
        order.insert(0, "mine")
    return with_progress(queryset).order_by(*order)


def progress_state(key: KeyProposal) -> tuple[str, str]:
    """(css class, label) summing up a key proposal's commitments at a glance."""
    total = getattr(key, "commitments_total", 0)
    if not total:
        return "draft", "暂无实施清单"
    if key.commitments_overdue:
        return "rehandling", f"{key.commitments_overdue} 项逾期"
    if key.commitments_done == total:
        return "closed", "已全部完成"
    return "handling", "推进中"


def sessions_with_keys(user: Any) -> list[Session]:
    """Sessions in which `user` follows at least one key proposal, newest first."""
    ids = visible_key_proposals(user).values("proposal__session_id")
    return list(Session.objects.filter(pk__in=ids).select_related("body").order_by("-year", "-id"))


def leader_sections(user: Any, visible: QuerySet[Proposal]) -> list[Section]:
    """The leader's worklist box: the key proposals they lead or supervise (领办、督办)."""
    if not is_leader(user):
        return []
    return [
        worklist_section(
            "key",
            "我领办、督办的重点提案",
            "由您领办或督办的重点提案及其办理情况;全部重点提案见“重点提案”。",
            visible.filter(own_key_proposals_q(user, "key__")).order_by("session", "number"),
            counted=False,
        )
    ]
