"""Who follows supervision: key proposals (重点提案) and their leaders, commitments (落实
承诺), cross-year tracking (跨年度跟踪), supervision notices (督办单) and the oversight list.

Supervision widens the proposal rules from below: the key proposals are a programme the
leaders follow together, so every leader reads every key proposal (and its history as a
leader); the ones a leader leads or supervises (领办/督办) are theirs to record supervision on.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from tian import policy
from tian.audit.events import Viewer
from tian.directory.models import Role
from tian.directory.policy import STAFF_ROLES
from tian.handling.policy import leads
from tian.proposals.models import Proposal
from tian.proposals.policy import (
    can_view_proposal,
    is_lead_proposer,
    scope_parts,
    viewer_parts,
    visible_proposals,
)
from tian.supervision.models import KeyProposal, followed_by_q


def is_leader(user: Any) -> bool:
    """A leader (领导) with a leader record: one who may lead or supervise key proposals."""
    return bool(user.has_role(Role.LEADER) and user.leader_id)


@scope_parts.register(order=20)
def _leaders_part(user: Any) -> Q:
    """A leader reads every key proposal: their own (领办/督办) and the others of the programme."""
    if not is_leader(user):
        return Q(pk__in=[])
    return Q(key__isnull=False)


def _leads_or_supervises(user: Any, key: KeyProposal) -> bool:
    """A leader's own key proposal: they lead it (领办) or are among its supervisors (督办)."""
    if not is_leader(user):
        return False
    if key.lead_leader_id == user.leader_id:
        return True
    return key.supervisors.filter(pk=user.leader_id).exists()


@viewer_parts.register(order=20)
def _leader_viewers(user: Any, proposal: Proposal) -> set[str]:
    """Leaders follow the key proposals together: each reads a key proposal's history as its
    leader, whether they lead or supervise it or not."""
    if is_leader(user) and getattr(proposal, "key", None) is not None:
        return {Viewer.LEADER}
    return set()


def _can_view_key(user: Any, key: KeyProposal) -> bool:
    return user.has_role(*STAFF_ROLES) or is_leader(user)


def _can_record_on_key(user: Any, key: KeyProposal) -> bool:
    return user.has_role(*STAFF_ROLES) or _leads_or_supervises(user, key)


def visible_key_proposals(user: Any) -> QuerySet[KeyProposal]:
    """Key proposals a user follows: staff, the office and every leader all of them."""
    if not policy.active(user):
        return KeyProposal.objects.none()
    if user.has_role(*STAFF_ROLES) or is_leader(user):
        return KeyProposal.objects.all()
    return KeyProposal.objects.none()


def own_key_proposals_q(user: Any, prefix: str = "") -> Q:
    """The key proposals `user` leads or supervises (领办/督办), as a filter (none for others);
    `prefix` reaches them through a relation (`key__` from proposals)."""
    if not is_leader(user):
        return Q(pk__in=[])
    return followed_by_q(user.leader_id, prefix)


# Commitments


def _reports_for(user: Any, commitment: Any) -> bool:
    """The responsible unit's clerks and leaders report a commitment's progress."""
    return commitment.responsible_unit_id in user.unit_ids


def _can_view_commitment(user: Any, commitment: Any) -> bool:
    return _reports_for(user, commitment) or can_view_proposal(user, commitment.proposal)


def _can_add_substep(user: Any, commitment: Any) -> bool:
    return user.has_role(Role.GOV_OFFICE) or _reports_for(user, commitment)


def visible_commitments(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Scope a commitment queryset: staff see all, a unit its own, others their proposals'."""
    if not policy.active(user):
        return queryset.none()
    if user.has_role(*STAFF_ROLES):
        return queryset
    scope = Q(responsible_unit_id__in=user.unit_ids)
    if user.has_role(Role.LEADER, Role.MEMBER):
        scope |= Q(proposal_id__in=visible_proposals(user).values("pk"))
    return queryset.filter(scope)


# Tracking


def visible_trackings(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Scope a tracking queryset: staff see all, units and members the proposals they may read."""
    if not policy.active(user):
        return queryset.none()
    if user.has_role(*STAFF_ROLES):
        return queryset
    return queryset.filter(proposal_id__in=visible_proposals(user).values("pk"))


# Supervision notices (督办单)


def _addressed_to(user: Any, notice: Any) -> bool:
    """A notice's unit: its clerks and leaders read, acknowledge and answer it."""
    return notice.unit_id in user.unit_ids


def _can_view_notice(user: Any, notice: Any) -> bool:
    return user.has_role(Role.GOV_OFFICE) or _addressed_to(user, notice)


def visible_notices(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Scope a notice queryset: the office sees all, a unit those addressed to it."""
    if not policy.active(user):
        return queryset.none()
    if user.has_role(Role.GOV_OFFICE):
        return queryset
    return queryset.filter(unit_id__in=user.unit_ids)


policy.rules(
    __name__,
    {
        # Commitments
        "commitment.list": policy.has(*STAFF_ROLES, Role.UNIT_STAFF, Role.UNIT_LEADER, Role.LEADER),
        "commitment.view": _can_view_commitment,
        "commitment.report": _reports_for,
        "commitment.add_substep": _can_add_substep,
        "commitment.import": policy.has(Role.GOV_OFFICE),
        "commitment.filter_by_unit": policy.has(*STAFF_ROLES),
        "progress.evidence": lambda user, update: _can_view_commitment(user, update.commitment),
        # Key proposals
        "key.list": lambda user, obj=None: user.has_role(*STAFF_ROLES) or is_leader(user),
        "key.select": policy.has(*STAFF_ROLES),
        "key.unselect": policy.has(*STAFF_ROLES),
        "key.view": _can_view_key,
        "key.record_activity": _can_record_on_key,
        # Tracking: the lead unit reports the year's progress, the lead proposer judges it
        "tracking.list": lambda user, obj=None: (
            user.has_role(*STAFF_ROLES, Role.UNIT_STAFF, Role.UNIT_LEADER)
            or (user.has_role(Role.MEMBER) and bool(user.proposer_id))
        ),
        "tracking.report": lambda user, tracking: leads(user, tracking.proposal),
        "tracking.verdict": lambda user, tracking: is_lead_proposer(user, tracking.proposal),
        "tracking.close": policy.has(Role.GOV_OFFICE),
        "tracking.sync": policy.has(Role.GOV_OFFICE),
        # Oversight list, reminders and supervision notices (督查督办/催办/督办单)
        "notice.issue": policy.has(Role.GOV_OFFICE),
        "notice.list": policy.has(Role.GOV_OFFICE, Role.UNIT_STAFF, Role.UNIT_LEADER),
        "notice.view": _can_view_notice,
        "notice.acknowledge": _addressed_to,
        "oversight.view": policy.has(*STAFF_ROLES),
    },
    {
        "notice.issue": "只有政府办督查室可以下发督办单。",
        "notice.view": "只有政府办督查室和督办单所列单位可以查看这份督办单。",
        "notice.acknowledge": "只有督办单所列单位的联络员或负责人可以签收督办单。",
        "commitment.report": "只有责任单位的工作人员可以报告这项措施的进展。",
        "commitment.import": "只有政府办督查室可以导入实施进展。",
        "key.select": "只有提案委或政府办督查室工作人员可以确定重点提案。",
        "key.unselect": "只有提案委或政府办督查室工作人员可以撤销重点提案。",
        "key.record_activity": "只有工作人员或该重点提案的领办、督办领导可以记录督办活动。",
        "tracking.report": "只有该提案的主办单位可以报告本年度办理进展。",
        "tracking.verdict": "只有该提案的领衔提案者可以评价本年度办理进展。",
        "tracking.close": "只有政府办督查室可以结束跨年度跟踪。",
        "tracking.sync": "只有政府办督查室可以把往年提案列入本年度跨年度跟踪。",
        "oversight.view": "督查督办一览仅供政府办督查室和提案委工作人员使用。",
    },
)
