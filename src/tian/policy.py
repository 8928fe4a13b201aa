"""Who may do what (权限): the one place where permissions are decided.

Views and actions both call `require()` or `can()`; querysets are scoped with
`visible_proposals()`. Each rule is a small predicate over the user and an object.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from tian.directory.models import ADMIN_ROLES, Role
from tian.proposals.models import CoSignature, Proposal, Status

Rule = Callable[[Any, Any], bool]

STAFF_ROLES = (Role.CPPCC_STAFF, Role.GOV_OFFICE)
WORKING_ROLES = (
    Role.CPPCC_STAFF,
    Role.GOV_OFFICE,
    Role.UNIT_STAFF,
    Role.UNIT_LEADER,
    Role.MEMBER,
    Role.LEADER,
)


def _active(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def proposal_scope(user: Any) -> Q:
    """The proposals a user may read, as a filter. Drafts are their authors' alone."""
    if not _active(user):
        return Q(pk__in=[])
    not_draft = ~Q(status=Status.DRAFT)
    scope = Q(pk__in=[])
    if user.has_role(*STAFF_ROLES):
        scope |= not_draft
    if user.has_role(Role.MEMBER) and user.proposer_id:
        scope |= Q(lead_proposer_id=user.proposer_id)
        # Invitees read the draft they are asked to co-sign.
        scope |= Q(cosignatures__proposer_id=user.proposer_id)
    if user.unit_ids:
        scope |= Q(assignments__unit_id__in=user.unit_ids) & Q(status__in=_HANDLED_STATES)
    if user.has_role(Role.LEADER) and user.leader_id:
        scope |= Q(key__lead_leader_id=user.leader_id) | Q(key__supervisors=user.leader_id)
    scope |= Q(created_by_id=user.pk, status=Status.DRAFT)
    return scope


_HANDLED_STATES = [
    Status.ASSIGNED,
    Status.HANDLING,
    Status.REPLIED,
    Status.REHANDLING,
    Status.CLOSED,
]


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


def _can_view_proposal(user: Any, proposal: Proposal) -> bool:
    return visible_proposals(user, Proposal.objects.filter(pk=proposal.pk)).exists()


def _is_author(user: Any, proposal: Proposal) -> bool:
    if user.has_role(Role.MEMBER) and user.proposer_id == proposal.lead_proposer_id:
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
    """A transition's roles, narrowed to the proposal: its proposer, its units, any staff."""
    proposal, transition = pair
    roles = set(transition.roles) & user.role_set
    if not roles:
        return False
    if Role.GOV_OFFICE in roles:
        return True
    if Role.CPPCC_STAFF in roles and (
        transition.code != "submit" or proposal.created_by_id == user.pk
    ):
        return True
    if Role.MEMBER in roles and user.proposer_id and user.proposer_id == proposal.lead_proposer_id:
        return True
    if roles & {Role.UNIT_STAFF, Role.UNIT_LEADER}:
        return bool(user.unit_ids & _active_units(proposal, leading=True))
    return False


def _active_units(proposal: Proposal, *, leading: bool = False, co: bool = False) -> set[int]:
    """The units handling `proposal` now: all, only the leading ones (主办/会办) or co-units."""
    rows = proposal.assignments.active()
    if leading:
        rows = rows.leading()
    elif co:
        rows = rows.co()
    return set(rows.values_list("unit_id", flat=True))


def _acts_for_unit(user: Any, pair: Any, *, leading: bool = False, co: bool = False) -> bool:
    proposal, unit = pair
    return unit.pk in user.unit_ids and unit.pk in _active_units(proposal, leading=leading, co=co)


def _sees_handling_records(user: Any, proposal: Proposal) -> bool:
    """Contacts with the proposer and co-unit opinions are working records: the units
    handling the proposal and the office read them; the proposer reads the reply instead."""
    return user.has_role(Role.GOV_OFFICE) or bool(user.unit_ids & _active_units(proposal))


def _can_propose_units(user: Any, proposal: Proposal) -> bool:
    return user.has_role(Role.CPPCC_STAFF) and proposal.status == Status.FILED


def _can_object(user: Any, assignment: Any) -> bool:
    return assignment.unit_id in user.unit_ids


def _can_sign(user: Any, reply: Any) -> bool:
    return user.has_role(Role.UNIT_LEADER) and reply.unit_id in user.role_units(Role.UNIT_LEADER)


def _can_view_reply(user: Any, reply: Any) -> bool:
    """Accepted replies go to everyone who may read the proposal; drafts stay with the
    unit that writes them, and the office sees what was sent to it for review."""
    from tian.handling.models import Reply

    if not _can_view_proposal(user, reply.proposal):
        return False
    if reply.status == Reply.Status.ACCEPTED or reply.unit_id in user.unit_ids:
        return True
    return user.has_role(Role.GOV_OFFICE) and reply.status in (
        Reply.Status.SUBMITTED,
        Reply.Status.RETURNED,
    )


# Supervision


def _leads_or_supervises(user: Any, key: Any) -> bool:
    """A leader's own key proposal: they lead it (领办) or are among its supervisors (督办)."""
    if not (user.has_role(Role.LEADER) and user.leader_id):
        return False
    if key.lead_leader_id == user.leader_id:
        return True
    return key.supervisors.filter(pk=user.leader_id).exists()


def _can_follow_key(user: Any, key: Any) -> bool:
    return user.has_role(*STAFF_ROLES) or _leads_or_supervises(user, key)


# Commitments


def _reports_for(user: Any, commitment: Any) -> bool:
    """The responsible unit's clerks and leaders report a commitment's progress."""
    return commitment.responsible_unit_id in user.unit_ids


def _can_view_commitment(user: Any, commitment: Any) -> bool:
    return _reports_for(user, commitment) or _can_view_proposal(user, commitment.proposal)


def _can_add_substep(user: Any, commitment: Any) -> bool:
    return user.has_role(Role.GOV_OFFICE) or _reports_for(user, commitment)


def visible_key_proposals(user: Any) -> QuerySet[Any]:
    """Key proposals a user follows: staff and the office all, a leader those they lead or
    supervise (领办/督办)."""
    from tian.supervision.models import KeyProposal

    if not _active(user):
        return KeyProposal.objects.none()
    if user.has_role(*STAFF_ROLES):
        return KeyProposal.objects.all()
    if not (user.has_role(Role.LEADER) and user.leader_id):
        return KeyProposal.objects.none()
    # Supervisors are a many-to-many join; filter by id so no row is listed twice.
    own = KeyProposal.objects.filter(
        Q(lead_leader_id=user.leader_id) | Q(supervisors=user.leader_id)
    )
    return KeyProposal.objects.filter(pk__in=own.values("pk"))


def visible_commitments(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Scope a commitment queryset: staff see all, a unit its own, others their proposals'."""
    if not _active(user):
        return queryset.none()
    if user.has_role(*STAFF_ROLES):
        return queryset
    scope = Q(responsible_unit_id__in=user.unit_ids)
    if user.has_role(Role.LEADER, Role.MEMBER):
        scope |= Q(proposal_id__in=visible_proposals(user).values("pk"))
    return queryset.filter(scope)


# Tracking


def _reports_tracking(user: Any, tracking: Any) -> bool:
    """The lead unit of a cross-year proposal reports its progress for the year."""
    return bool(user.unit_ids & _active_units(tracking.proposal, leading=True))


def _judges_tracking(user: Any, tracking: Any) -> bool:
    """The lead proposer gives the verdict on the year's progress."""
    return bool(
        user.has_role(Role.MEMBER)
        and user.proposer_id
        and user.proposer_id == tracking.proposal.lead_proposer_id
    )


def visible_trackings(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Scope a tracking queryset: staff see all, units and members the proposals they may read."""
    if not _active(user):
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
    if not _active(user):
        return queryset.none()
    if user.has_role(Role.GOV_OFFICE):
        return queryset
    return queryset.filter(unit_id__in=user.unit_ids)


# Unit evaluation


def _can_rate_reply(user: Any, reply: Any) -> bool:
    """The office rates a reply's quality once it was sent for review or accepted."""
    from tian.handling.models import Reply

    return user.has_role(Role.GOV_OFFICE) and reply.status in (
        Reply.Status.SUBMITTED,
        Reply.Status.ACCEPTED,
    )


# Accounts and roles (三员分立): the system admin runs accounts, the security admin grants
# roles and resets admins' passwords; nobody touches their own account or roles.


def _is_other(user: Any, target: Any) -> bool:
    return target.pk != user.pk and not target.is_superuser


def _can_edit_account(user: Any, target: Any) -> bool:
    if user.is_superuser:
        return True
    return (
        user.has_role(Role.SYSTEM_ADMIN) and _is_other(user, target) and not target.holds_admin_role
    )


def _can_set_password(user: Any, target: Any) -> bool:
    if user.is_superuser:
        return True
    if not _is_other(user, target):
        return False
    if target.holds_admin_role:
        return user.has_role(Role.SECURITY_ADMIN)
    return user.has_role(Role.SYSTEM_ADMIN)


def _can_grant(user: Any, pair: Any) -> bool:
    """pair = (the account, the role): the security admin, to anyone but themselves."""
    target, _role = pair
    if not _is_other(user, target):
        return False
    return user.is_superuser or user.has_role(Role.SECURITY_ADMIN)


def _can_revoke(user: Any, assignment: Any) -> bool:
    return _can_grant(user, (assignment.user, assignment.role))


# History (办理记录): who sees which event of a proposal's history, and what of it


def history_viewers(user: Any, proposal: Proposal) -> frozenset[str]:
    """How `user` stands to `proposal`: its proposer, its lead or co-unit, its leader, staff."""
    from tian.audit.events import Viewer
    from tian.handling.models import Assignment

    if not _active(user):
        return frozenset()
    kinds: set[str] = set()
    if user.has_role(*STAFF_ROLES):
        kinds.add(Viewer.STAFF)
    if _among_proposers(user, proposal):
        kinds.add(Viewer.PROPOSER)
    if user.unit_ids:
        roles = set(
            proposal.assignments.filter(unit_id__in=user.unit_ids)
            .exclude(status=Assignment.Status.PROPOSED)
            .values_list("role", flat=True)
        )
        if roles & set(Assignment.LEADING_ROLES):
            kinds.add(Viewer.LEAD_UNIT)
        if Assignment.Role.CO in roles:
            kinds.add(Viewer.CO_UNIT)
    key = getattr(proposal, "key", None) if user.has_role(Role.LEADER) else None
    if key is not None and _leads_or_supervises(user, key):
        kinds.add(Viewer.LEADER)
    return frozenset(kinds)


def _among_proposers(user: Any, proposal: Proposal) -> bool:
    if not (user.has_role(Role.MEMBER) and user.proposer_id):
        return False
    if user.proposer_id == proposal.lead_proposer_id:
        return True
    return proposal.cosignatures.filter(proposer_id=user.proposer_id).exists()


def _meant_for(viewers: frozenset[str], user: Any, event: Any, *, message: bool) -> bool:
    from tian.audit.events import Viewer, audience_for

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
    from tian.audit.history import attach_units

    proposal, event = pair
    if not hasattr(event, "concerned_unit_id"):
        attach_units([event])
    return _meant_for(history_viewers(user, proposal), user, event, message=False)


def visible_history(user: Any, proposal: Proposal) -> list[tuple[Any, bool]]:
    """The events of a proposal's history that `user` may see, in order, each with whether
    its message (a return comment, a reason, a unit's answer) may be shown to them."""
    from tian.audit.history import attach_units

    if not _can_view_proposal(user, proposal):
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
    from tian.audit.events import Viewer

    return bool(history_viewers(user, proposal) - {Viewer.PROPOSER})


def _has(*roles: str) -> Rule:
    def rule(user: Any, obj: Any = None) -> bool:
        return user.has_role(*roles)

    return rule


RULES: dict[str, Rule] = {
    "worklist.view": _has(*WORKING_ROLES),
    "proposal.list": _has(*WORKING_ROLES),
    "proposal.create": lambda user, obj=None: (
        user.has_role(Role.CPPCC_STAFF) or (user.has_role(Role.MEMBER) and bool(user.proposer_id))
    ),
    "proposal.create_on_behalf": _has(Role.CPPCC_STAFF),
    "proposal.view": _can_view_proposal,
    "proposal.edit": _can_edit_draft,
    "proposal.submit": _can_edit_draft,
    "proposal.cosign": _can_cosign,
    "proposal.review": _can_review,
    "proposal.review_any": _has(Role.CPPCC_STAFF),
    "attachment.add": _can_edit_draft,
    "attachment.view": _can_view_proposal,
    "ledger.import": _has(Role.CPPCC_STAFF, Role.GOV_OFFICE),
    "ledger.export": _has(Role.CPPCC_STAFF, Role.GOV_OFFICE),
    "audit.view": _has(Role.AUDIT_ADMIN),
    "history.view_event": _can_view_event,
    "history.staff_names": _sees_staff_names,
    "transition": _can_fire,
    "assignment.propose": _can_propose_units,
    "assignment.object": _can_object,
    "assignment.decide_objection": _has(Role.GOV_OFFICE),
    "handling.view_records": _sees_handling_records,
    "handling.contact": lambda user, pair: _acts_for_unit(user, pair),
    "handling.co_opinion": lambda user, pair: _acts_for_unit(user, pair, co=True),
    "handling.reply": lambda user, pair: _acts_for_unit(user, pair, leading=True),
    "handling.sign_reply": _can_sign,
    "handling.review_reply": _has(Role.GOV_OFFICE),
    "handling.extend": _has(Role.GOV_OFFICE),
    "reply.view": _can_view_reply,
    "feedback.give": lambda user, proposal: bool(
        user.has_role(Role.MEMBER)
        and user.proposer_id
        and user.proposer_id == proposal.lead_proposer_id
        and proposal.status == Status.REPLIED
    ),
    # Commitments
    "commitment.list": _has(*STAFF_ROLES, Role.UNIT_STAFF, Role.UNIT_LEADER, Role.LEADER),
    "commitment.view": _can_view_commitment,
    "commitment.report": _reports_for,
    "commitment.add_substep": _can_add_substep,
    "commitment.import": _has(Role.GOV_OFFICE),
    "commitment.filter_by_unit": _has(*STAFF_ROLES),
    "progress.evidence": lambda user, update: _can_view_commitment(user, update.commitment),
    # Supervision
    "key.list": lambda user, obj=None: (
        user.has_role(*STAFF_ROLES) or (user.has_role(Role.LEADER) and bool(user.leader_id))
    ),
    "key.select": _has(*STAFF_ROLES),
    "key.unselect": _has(*STAFF_ROLES),
    "key.view": _can_follow_key,
    "key.record_activity": _can_follow_key,
    # Tracking
    "tracking.list": lambda user, obj=None: (
        user.has_role(*STAFF_ROLES, Role.UNIT_STAFF, Role.UNIT_LEADER)
        or (user.has_role(Role.MEMBER) and bool(user.proposer_id))
    ),
    "tracking.report": _reports_tracking,
    "tracking.verdict": _judges_tracking,
    "tracking.close": _has(Role.GOV_OFFICE),
    "tracking.sync": _has(Role.GOV_OFFICE),
    # Oversight list, reminders and supervision notices (督查督办/催办/督办单)
    "notice.issue": _has(Role.GOV_OFFICE),
    "notice.list": _has(Role.GOV_OFFICE, Role.UNIT_STAFF, Role.UNIT_LEADER),
    "notice.view": _can_view_notice,
    "notice.acknowledge": _addressed_to,
    "oversight.view": _has(*STAFF_ROLES),
    # Unit evaluation (考核)
    # The ranking is circulated (通报) to every unit and to the leaders; only staff export it.
    "evaluation.view": _has(*STAFF_ROLES, Role.UNIT_STAFF, Role.UNIT_LEADER, Role.LEADER),
    "evaluation.export": _has(*STAFF_ROLES),
    "evaluation.edit_scheme": _has(Role.GOV_OFFICE),
    "evaluation.review_quality": _can_rate_reply,
    # Dashboards (统计)
    "dashboard.view": _has(*STAFF_ROLES, Role.LEADER),
    # A unit sees its own figures only: obj is the unit's id (None: any unit of theirs).
    "dashboard.unit": lambda user, unit_id=None: (
        bool(user.unit_ids) and (unit_id is None or unit_id in user.unit_ids)
    ),
    # Annual report (年度办理情况报告)
    "report.download": _has(*STAFF_ROLES, Role.LEADER),
    "report.edit": _has(*STAFF_ROLES),
    "report.flag_example": _has(*STAFF_ROLES),
    # Accounts and roles (三员分立)
    "account.create": lambda user, obj=None: user.is_superuser or user.has_role(Role.SYSTEM_ADMIN),
    "account.edit": _can_edit_account,
    "account.set_password": _can_set_password,
    "role.grant": _can_grant,
    "role.revoke": _can_revoke,
    # The security admin resets another's lost authenticator; target None: anyone's at all.
    "account.reset_otp": lambda user, target=None: (
        (target is None or _is_other(user, target))
        and (user.is_superuser or user.has_role(Role.SECURITY_ADMIN))
    ),
    # Superuser, staff, groups and permissions are set by a superuser only.
    "account.set_privileges": lambda user, obj=None: user.is_superuser,
    # The admin trio and superusers sign in to their pages with a one-time code (动态口令).
    "account.needs_second_factor": lambda user, obj=None: (
        user.is_superuser or user.has_role(*ADMIN_ROLES)
    ),
    "account.unlock": lambda user, obj=None: (
        user.is_superuser or user.has_role(Role.SECURITY_ADMIN)
    ),
}

# A refusal, kept out of the table: a message under a "password" key reads as one to bandit.
_RESET_REFUSED = (
    "业务账号的密码由系统管理员重置,管理员账号的密码只能由安全管理员重置;"
    "任何人不能在此重置自己的密码。"
)

DENIED_MESSAGES: dict[str, str] = {
    "report.download": "年度办理情况报告仅供提案委、政府办督查室和领导下载。",
    "report.edit": "只有提案委或政府办督查室工作人员可以编辑年度办理情况报告。",
    "report.flag_example": "只有提案委或政府办督查室工作人员可以设置年度报告典型事例。",
    "dashboard.view": "统计分析仅供提案委、政府办督查室和领导查看。",
    "dashboard.unit": "只有承办单位的工作人员可以查看本单位的统计,且只能查看本单位的。",
    "evaluation.edit_scheme": "只有政府办督查室可以修改考核方案。",
    "evaluation.review_quality": "只有政府办督查室可以评审已报送或已审核的答复的质量。",
    "notice.issue": "只有政府办督查室可以下发督办单。",
    "notice.view": "只有政府办督查室和督办单所列单位可以查看这份督办单。",
    "notice.acknowledge": "只有督办单所列单位的联络员或负责人可以签收督办单。",
    "commitment.report": "只有责任单位的工作人员可以报告这项措施的进展。",
    "commitment.import": "只有政府办督查室可以导入实施进展。",
    "proposal.edit": "只有提案者本人可以修改草稿;提交后不能再修改。",
    "proposal.submit": "只有提案者本人可以提交自己的草稿。",
    "proposal.cosign": "您没有待确认的联名邀请。",
    "proposal.review": "只有提案委工作人员可以审查待审查的提案。",
    "proposal.create": "只有委员、集体提案者或提案委工作人员可以起草提案。",
    "key.select": "只有提案委或政府办督查室工作人员可以确定重点提案。",
    "key.unselect": "只有提案委或政府办督查室工作人员可以撤销重点提案。",
    "key.record_activity": "只有工作人员或该重点提案的领办、督办领导可以记录督办活动。",
    "tracking.report": "只有该提案的主办单位可以报告本年度办理进展。",
    "tracking.verdict": "只有该提案的领衔提案者可以评价本年度办理进展。",
    "tracking.close": "只有政府办督查室可以结束跨年度跟踪。",
    "tracking.sync": "只有政府办督查室可以把往年提案列入本年度跨年度跟踪。",
    "oversight.view": "督查督办一览仅供政府办督查室和提案委工作人员使用。",
    "account.create": "只有系统管理员可以创建账号。",
    "account.edit": "系统管理员只能修改业务账号;不能修改自己的账号或管理员账号。",
    "account.set_password": _RESET_REFUSED,
    "role.grant": "只有安全管理员可以授予角色,且不能授予自己。",
    "role.revoke": "只有安全管理员可以撤销角色,且不能撤销自己的角色。",
    "account.unlock": "只有安全管理员可以解除登录锁定。",
    "account.reset_otp": "只有安全管理员可以重置他人的动态口令。",
    "account.set_privileges": "只有超级用户可以修改账号的权限。",
}


def can(user: Any, permission: str, obj: Any = None) -> bool:
    """True when `user` may do `permission` (to `obj`, if the rule is about one)."""
    if not _active(user):
        return False
    return RULES[permission](user, obj)


def require(user: Any, permission: str, obj: Any = None) -> None:
    """Raise PermissionDenied, with a reason in Chinese, unless `can()` allows it."""
    if not can(user, permission, obj):
        raise PermissionDenied(DENIED_MESSAGES.get(permission, "您没有权限执行此操作。"))
