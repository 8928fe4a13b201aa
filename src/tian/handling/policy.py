"""Who handles a proposal: the units it is assigned to, their clerks and leaders, the office.

Handling widens two rules from below: the units handling a proposal read it (from the
moment it is assigned), and its leading units fire the handling steps.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from tian import policy
from tian.audit.events import Viewer
from tian.directory.models import Role
from tian.handling.models import Assignment, Reply
from tian.policy import Rule
from tian.proposals.models import Proposal, Status
from tian.proposals.policy import (
    can_view_proposal,
    is_lead_proposer,
    scope_parts,
    viewer_parts,
)

HANDLED_STATES = (
    Status.ASSIGNED,
    Status.HANDLING,
    Status.REPLIED,
    Status.REHANDLING,
    Status.CLOSED,
)


def active_units(proposal: Proposal, *, leading: bool = False, co: bool = False) -> set[int]:
    """The units handling `proposal` now: all, only the leading ones (主办/会办) or co-units."""
    rows = proposal.assignments.active()
    if leading:
        rows = rows.leading()
    elif co:
        rows = rows.co()
    return set(rows.values_list("unit_id", flat=True))


def leads(user: Any, proposal: Proposal) -> bool:
    """Whether `user` works for a unit leading the handling of `proposal` now."""
    return bool(user.unit_ids & active_units(proposal, leading=True))


@scope_parts.register(order=10)
def _units_part(user: Any) -> Q:
    """A unit reads the proposals assigned to it, once assigned."""
    if not user.unit_ids:
        return Q(pk__in=[])
    return Q(assignments__unit_id__in=user.unit_ids) & Q(status__in=HANDLED_STATES)


@viewer_parts.register(order=10)
def _unit_viewers(user: Any, proposal: Proposal) -> set[str]:
    if not user.unit_ids:
        return set()
    roles = set(
        proposal.assignments.filter(unit_id__in=user.unit_ids)
        .exclude(status=Assignment.Status.PROPOSED)
        .values_list("role", flat=True)
    )
    kinds: set[str] = set()
    if roles & set(Assignment.LEADING_ROLES):
        kinds.add(Viewer.LEAD_UNIT)
    if Assignment.Role.CO in roles:
        kinds.add(Viewer.CO_UNIT)
    return kinds


def _units_fire(user: Any, pair: Any) -> bool:
    """A handling step's unit roles: the clerks and leaders of a leading unit."""
    proposal, transition = pair
    if not set(transition.roles) & user.role_set & {Role.UNIT_STAFF, Role.UNIT_LEADER}:
        return False
    return leads(user, proposal)


def _acts_for_unit(user: Any, pair: Any, *, leading: bool = False, co: bool = False) -> bool:
    proposal, unit = pair
    return unit.pk in user.unit_ids and unit.pk in active_units(proposal, leading=leading, co=co)


# The proposal states in which a unit's step is open now. The proposal page offers the step
# (its button) and the action takes it (asked again under the proposal's lock) by the same
# rule; the pages themselves open for the unit in any handled state.
CONTACT_STATES = (Status.ASSIGNED, Status.HANDLING, Status.REHANDLING, Status.REPLIED)
CO_OPINION_STATES = (Status.ASSIGNED, Status.HANDLING, Status.REHANDLING)
REPLY_STATES = (Status.HANDLING, Status.REHANDLING)
EXTENSION_STATES = (Status.ASSIGNED, Status.HANDLING)


def _while(states: tuple[str, ...], rule: Rule) -> Rule:
    """`rule`, while the proposal (alone or first of a pair) is in one of `states`."""

    def allowed(user: Any, obj: Any) -> bool:
        proposal = obj[0] if isinstance(obj, tuple) else obj
        return proposal.status in states and rule(user, obj)

    return allowed


def _may_extend(user: Any, proposal: Proposal) -> bool:
    """The office extends a reply deadline once (延期), before the reply."""
    return user.has_role(Role.GOV_OFFICE) and not proposal.extensions.exists()


def _sees_handling_records(user: Any, proposal: Proposal) -> bool:
    """Contacts with the proposer and co-unit opinions are working records: the units
    handling the proposal and the office read them; the proposer reads the reply instead."""
    return user.has_role(Role.GOV_OFFICE) or bool(user.unit_ids & active_units(proposal))


def _can_propose_units(user: Any, proposal: Proposal) -> bool:
    return user.has_role(Role.CPPCC_STAFF) and proposal.status == Status.FILED


def _can_object(user: Any, assignment: Assignment) -> bool:
    return assignment.unit_id in user.unit_ids


def _can_sign(user: Any, reply: Reply) -> bool:
    return user.has_role(Role.UNIT_LEADER) and reply.unit_id in user.role_units(Role.UNIT_LEADER)


def _can_view_reply(user: Any, reply: Reply) -> bool:
    """Accepted replies go to everyone who may read the proposal; drafts stay with the
    unit that writes them, and the office sees what was sent to it for review."""
    if not can_view_proposal(user, reply.proposal):
        return False
    if reply.status == Reply.Status.ACCEPTED or reply.unit_id in user.unit_ids:
        return True
    return user.has_role(Role.GOV_OFFICE) and reply.status in (
        Reply.Status.SUBMITTED,
        Reply.Status.RETURNED,
    )


def _can_give_feedback(user: Any, proposal: Proposal) -> bool:
    """The lead proposer's verdict on the reply (the member's alone)."""
    return is_lead_proposer(user, proposal) and proposal.status == Status.REPLIED


policy.grant(__name__, "transition", _units_fire)
policy.rules(
    __name__,
    {
        "assignment.propose": _can_propose_units,
        # The office assigns (交办), one proposal at a time or a season's at once (批量交办);
        # the workflow's assign step says the same of each proposal.
        "assignment.assign": policy.has(Role.GOV_OFFICE),
        "assignment.object": _can_object,
        "assignment.decide_objection": policy.has(Role.GOV_OFFICE),
        "handling.view_records": _sees_handling_records,
        # Who acts for a unit (the page opens) …
        "handling.contact": lambda user, pair: _acts_for_unit(user, pair),
        "handling.co_opinion": lambda user, pair: _acts_for_unit(user, pair, co=True),
        "handling.reply": lambda user, pair: _acts_for_unit(user, pair, leading=True),
        # … and whether the proposal's state lets them take the step now (the button, the action).
        "handling.log_contact": _while(
            CONTACT_STATES, lambda user, pair: _acts_for_unit(user, pair)
        ),
        "handling.send_co_opinion": _while(
            CO_OPINION_STATES, lambda user, pair: _acts_for_unit(user, pair, co=True)
        ),
        "handling.draft_reply": _while(
            REPLY_STATES, lambda user, pair: _acts_for_unit(user, pair, leading=True)
        ),
        "handling.grant_extension": _while(EXTENSION_STATES, _may_extend),
        "handling.sign_reply": _can_sign,
        "handling.review_reply": policy.has(Role.GOV_OFFICE),
        "handling.extend": policy.has(Role.GOV_OFFICE),
        "reply.view": _can_view_reply,
        # The unit writing a reply prints its letter; the office may print it to check it.
        "reply.write_letter": lambda user, reply: (
            reply.unit_id in user.unit_ids or user.has_role(Role.GOV_OFFICE)
        ),
        "feedback.give": _can_give_feedback,
    },
    denied={"assignment.assign": "只有政府办督查室可以交办提案。"},
)
