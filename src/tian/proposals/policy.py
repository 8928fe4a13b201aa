"""Who may read, write and review proposals, and see which part of their history.

Who reads a proposal is a filter (`proposal_scope`) that higher floors widen through
`scope_parts`: handling adds the units handling it, supervision the leaders of a key
proposal. How someone stands to a proposal for its history (proposer, lead or co-unit,
leader, staff) is likewise assembled from `viewer_parts`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet

from tian import policy
from tian.audit.events import Viewer, audience_for
from tian.directory.models import Role
from tian.directory.policy import STAFF_ROLES, WORKING_ROLES
from tian.lib.hooks import Hook
from tian.proposals.history import attach_units
from tian.proposals.models import CoSignature, Proposal, Status

#: More people who may read proposals: each part maps a user to a filter on Proposal.
scope_parts: Hook[Callable[[Any], Q]] = Hook("who else reads a proposal")

#: More ways to stand to a proposal for its history: (user, proposal) -> Viewer kinds.
viewer_parts: Hook[Callable[[Any, Proposal], set[str]]] = Hook("how else one stands to it")


def _own_part(user: Any) -> Q:
    """Staff read every submitted proposal; members their own and those they co-sign or are
    asked to; everyone their own drafts."""
    scope = Q(created_by_id=user.pk, status=Status.DRAFT)
    if user.has_role(*STAFF_ROLES):
        scope |= ~Q(status=Status.DRAFT)
    if user.has_role(Role.MEMBER) and user.proposer_id:
        scope |= Q(lead_proposer_id=user.proposer_id)
        # Invitees read the draft they are asked to co-sign.
        scope |= Q(cosignatures__proposer_id=user.proposer_id)
    return scope


scope_parts.register(_own_part, order=0)


def proposal_scope(user: Any) -> Q:
    """The proposals a user may read, as a filter. Drafts are their authors' alone."""
    scope = Q(pk__in=[])
    if not policy.active(user):
        return scope
    for part in scope_parts:
        scope |= part(user)
    return scope


def visible_proposals(user: Any, queryset: QuerySet[Proposal] | None = None) -> QuerySet[Proposal]:
    """Scope a proposal queryset to what `user` may read."""
    queryset = Proposal.objects.all() if queryset is None else queryset
    scope = proposal_scope(user)
    if not _joins(scope):
        return queryset.filter(scope)
    # The joins in the scope can repeat a row; filter by id to keep the outer query plain.
    return queryset.filter(pk__in=Proposal.objects.filter(scope).values("pk"))


def _joins(q: Q) -> bool:
    """Whether a filter reaches across a relation (and so may repeat rows)."""
    for child in q.children:
        if isinstance(child, Q):
            if _joins(child):
                return True
        elif "__" in child[0] and child[0].split("__")[0] not in _PLAIN_FIELDS:
            return True
    return False


_PLAIN_FIELDS = {"pk", "status", "created_by_id", "lead_proposer_id", "session_id"}


def can_view_proposal(user: Any, proposal: Proposal) -> bool:
    """Whether `user` may read `proposal` (the scope above, for one row)."""
    return visible_proposals(user, Proposal.objects.filter(pk=proposal.pk)).exists()


def is_lead_proposer(user: Any, proposal: Proposal) -> bool:
    """The member who leads the proposal (领衔提案者)."""
    return bool(
        user.has_role(Role.MEMBER)
        and user.proposer_id
        and user.proposer_id == proposal.lead_proposer_id
    )


def _is_author(user: Any, proposal: Proposal) -> bool:
    if is_lead_proposer(user, proposal):
        return True
    return user.has_role(Role.CPPCC_STAFF) and proposal.created_by_id == user.pk


def _can_edit_draft(user: Any, proposal: Proposal) -> bool:
    return proposal.status == Status.DRAFT and _is_author(user, proposal)


def _can_cosign(user: Any, proposal: Proposal) -> bool:
    if not (user.has_role(Role.MEMBER) and user.proposer_id):
        return False
    return CoSignature.objects.filter(
        proposal=proposal, proposer_id=user.proposer_id, status=CoSignature.Status.INVITED
    ).exists()


def _can_review(user: Any, proposal: Proposal) -> bool:
    return user.has_role(Role.CPPCC_STAFF) and proposal.status == Status.SUBMITTED


def _can_fire(user: Any, pair: Any) -> bool:
    """A transition's roles, narrowed to the proposal: its proposer, any staff. (Handling
    grants the units handling it.)"""
    proposal, transition = pair
    roles = set(transition.roles) & user.role_set
    if Role.GOV_OFFICE in roles:
        return True
    if Role.CPPCC_STAFF in roles and (
        transition.code != "submit" or proposal.created_by_id == user.pk
    ):
        return True
    return Role.MEMBER in roles and is_lead_proposer(user, proposal)


# History (办理记录): who sees which event of a proposal's history, and what of it


def _own_viewers(user: Any, proposal: Proposal) -> set[str]:
    kinds: set[str] = set()
    if user.has_role(*STAFF_ROLES):
        kinds.add(Viewer.STAFF)
    if _among_proposers(user, proposal):
        kinds.add(Viewer.PROPOSER)
    return kinds


viewer_parts.register(_own_viewers, order=0)


def history_viewers(user: Any, proposal: Proposal) -> frozenset[str]:
    """How `user` stands to `proposal`: its proposer, its lead or co-unit, its leader, staff."""
    if not policy.active(user):
        return frozenset()
    kinds: set[str] = set()
    for part in viewer_parts:
        kinds |= part(user, proposal)
    return frozenset(kinds)


def _among_proposers(user: Any, proposal: Proposal) -> bool:
    if not (user.has_role(Role.MEMBER) and user.proposer_id):
        return False
    if user.proposer_id == proposal.lead_proposer_id:
        return True
    return proposal.cosignatures.filter(proposer_id=user.proposer_id).exists()


def _meant_for(viewers: frozenset[str], user: Any, event: Any, *, message: bool) -> bool:
    audience = audience_for(event.event_type)
    if Viewer.STAFF in viewers:
        return audience.staff
    unit = getattr(event, "concerned_unit_id", None)
    own = unit is None or unit in user.unit_ids
    for viewer in viewers & (audience.message if message else audience.sees):
        if viewer == Viewer.CO_UNIT and not own:
            continue  # a co-unit sees what concerns its own part only
        if viewer == Viewer.LEAD_UNIT and audience.own_unit and not own:
            continue
        return True
    return False


def _can_view_event(user: Any, pair: Any) -> bool:
    proposal, event = pair
    if not hasattr(event, "concerned_unit_id"):
        attach_units([event])
    return _meant_for(history_viewers(user, proposal), user, event, message=False)


def visible_history(user: Any, proposal: Proposal) -> list[tuple[Any, bool]]:
    """The events of a proposal's history that `user` may see, in order, each with whether
    its message (a return comment, a reason, a unit's answer) may be shown to them."""
    if not can_view_proposal(user, proposal):
        return []
    events = list(
        proposal.events.select_related("actor")
        .prefetch_related("actor__role_assignments__unit")
        .order_by("created_at", "id")
    )
    attach_units(events)
    viewers = history_viewers(user, proposal)
    return [
        (event, _meant_for(viewers, user, event, message=True))
        for event in events
        if _meant_for(viewers, user, event, message=False)
    ]


def _sees_staff_names(user: Any, proposal: Proposal) -> bool:
    """Proposers read who acted as an office or unit, not which clerk it was."""
    return bool(history_viewers(user, proposal) - {Viewer.PROPOSER})


policy.rules(
    __name__,
    {
        "worklist.view": policy.has(*WORKING_ROLES),
        "proposal.list": policy.has(*WORKING_ROLES),
        # A whole list leaves the system in one file: for those who handle and follow
        # proposals (staff, units, leaders); a member reads their own on the page.
        "proposal.export": policy.has(*STAFF_ROLES, Role.UNIT_STAFF, Role.UNIT_LEADER, Role.LEADER),
        "proposal.create": lambda user, obj=None: (
            user.has_role(Role.CPPCC_STAFF)
            or (user.has_role(Role.MEMBER) and bool(user.proposer_id))
        ),
        "proposal.create_on_behalf": policy.has(Role.CPPCC_STAFF),
        "proposal.view": can_view_proposal,
        "proposal.edit": _can_edit_draft,
        "proposal.submit": _can_edit_draft,
        "proposal.cosign": _can_cosign,
        "proposal.review": _can_review,
        "proposal.review_any": policy.has(Role.CPPCC_STAFF),
        "attachment.add": _can_edit_draft,
        "attachment.view": can_view_proposal,
        "history.view_event": _can_view_event,
        "history.staff_names": _sees_staff_names,
        "transition": _can_fire,
    },
    {
        "proposal.edit": "只有提案者本人可以修改草稿;提交后不能再修改。",
        "proposal.submit": "只有提案者本人可以提交自己的草稿。",
        "proposal.cosign": "您没有待确认的联名邀请。",
        "proposal.review": "只有提案委工作人员可以审查待审查的提案。",
        "proposal.create": "只有委员、集体提案者或提案委工作人员可以起草提案。",
        "proposal.export": "导出提案列表仅供提案委、政府办督查室、承办单位和领导使用。",
    },
)
