"""What the handling part of a proposal page and of the worklists shows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from tian import policy
from tian.directory.models import Role
from tian.handling import deadlines
from tian.handling.models import Assignment, ReassignmentRequest, Reply
from tian.handling.replies import LETTER_STATES, checklist, may_move
from tian.lib.dates import cn_date
from tian.proposals.models import Proposal, Status
from tian.proposals.queries import Section, Urgency, worklist_section
from tian.workflow.engine import available_transitions, guard_refusals


def handling_context(user: Any, proposal: Proposal) -> dict[str, Any]:
    """Everything the proposal page shows about handling, filtered by what `user` may see."""
    today = timezone.localdate()
    role_order = {Assignment.Role.LEAD: 0, Assignment.Role.JOINT: 1, Assignment.Role.CO: 2}
    assignments = sorted(
        proposal.assignments.select_related("unit"), key=lambda a: (role_order[a.role], a.pk)
    )
    replies = [
        r
        for r in proposal.replies.select_related("unit", "grade", "signer").prefetch_related(
            "commitments__responsible_unit"
        )
        if policy.can(user, "reply.view", r)
    ]
    my_assignments = [
        a
        for a in assignments
        if a.unit_id in user.unit_ids and a.status == Assignment.Status.ACTIVE
    ]
    due = deadlines.proposal_deadlines(proposal) if assignments else {}
    objections = list(
        ReassignmentRequest.objects.filter(assignment__proposal=proposal).select_related(
            "assignment__unit", "created_by"
        )
    )
    contacts = list(proposal.contacts.select_related("unit"))
    co_opinions = list(proposal.co_opinions.select_related("unit"))
    co_units = {a.unit_id for a in assignments if a.role == "co" and a.status == "active"}
    met = {}
    if contacts:
        met["first_contact"] = f"已于{cn_date(contacts[0].contacted_on)}联系"
    if co_units and co_units <= {o.unit_id for o in co_opinions}:
        met["co_opinion"] = "协办意见已全部收到"
    objection_open = "objection" in due and not due["objection"].is_overdue(today)
    is_office = policy.can(user, "handling.review_reply")
    shows_records = policy.can(user, "handling.view_records", proposal)
    transitions = {t.code for t in available_transitions(user, proposal)}
    # Closing for want of a verdict waits for the verdict window: no button before it ends.
    if "close_without_verdict" in transitions and guard_refusals(
        user, proposal, "close_without_verdict"
    ):
        transitions.discard("close_without_verdict")

    def for_a_unit(rule: str) -> bool:
        """Whether `user` may take step `rule` now for any unit handling the proposal."""
        return any(policy.can(user, rule, (proposal, a.unit)) for a in assignments)

    writes = [r for r in replies if policy.can(user, "handling.reply", (proposal, r.unit))]
    for r in writes:
        r.checklist = checklist(r, user)
    return {
        "assignments": assignments,
        "replies": replies,
        "my_assignments": my_assignments,
        "my_roles": {a.role for a in my_assignments},
        "deadlines": [
            (name, due[name])
            for name in _DEADLINES_BY_STATUS.get(proposal.status, ())
            if name in due
        ],
        "deadline_labels": _DEADLINE_LABELS,
        "today": today,
        "objections": objections,
        "deadlines_met": met,
        "objection_open": objection_open and proposal.status in (Status.ASSIGNED, Status.HANDLING),
        "contacts": contacts if shows_records else [],
        "co_opinions": co_opinions if shows_records else [],
        "feedbacks": list(proposal.feedbacks.select_related("proposer")),
        "transitions": transitions,
        "is_office": is_office,
        "may_reply": for_a_unit("handling.draft_reply"),
        "may_co_opinion": for_a_unit("handling.send_co_opinion"),
        "may_contact": for_a_unit("handling.log_contact"),
        "may_verdict": policy.can(user, "feedback.give", proposal),
        "may_assign": "assign" in transitions or policy.can(user, "assignment.propose", proposal),
        "may_extend": policy.can(user, "handling.grant_extension", proposal),
        # The replies whose next step is this person's: sign, attach the letter, send, review.
        "signable": [
            r
            for r in replies
            if may_move(r, Reply.Status.SIGNED) and policy.can(user, "handling.sign_reply", r)
        ],
        "letter_open": [r for r in writes if r.status in LETTER_STATES],
        "submittable": [r for r in writes if may_move(r, Reply.Status.SUBMITTED)],
        "reviewable": [
            r
            for r in replies
            if may_move(r, Reply.Status.ACCEPTED) and policy.can(user, "handling.review_reply", r)
        ],
        "writes_letter": [r for r in replies if policy.can(user, "reply.write_letter", r)],
    }


def offers_next_step(context: dict[str, Any]) -> bool:
    """Whether `handling_context` has a step for the 下一步 box: a button, a form, a reply
    to sign, submit or review, a transition the person may fire."""
    return bool(
        context["may_assign"]
        or context["may_contact"]
        or context["may_reply"]
        or context["may_co_opinion"]
        or context["may_verdict"]
        or context["may_extend"]
        or context["signable"]
        or context["submittable"]
        or context["reviewable"]
        or {"accept_assignment", "close_without_verdict"} & context["transitions"]
    )


# Only the deadlines that still bind in each status: a replied proposal has no reply due.
_DEADLINES_BY_STATUS = {
    Status.ASSIGNED: ["objection", "first_contact", "co_opinion", "reply"],
    Status.HANDLING: ["first_contact", "co_opinion", "reply"],
    Status.REHANDLING: ["rehandling"],
    # Publication (答复公开) joins when the public portal records what was published.
    Status.REPLIED: ["verdict"],
}
_DEADLINE_LABELS = {
    "objection": "申请调整期限",
    "first_contact": "首次联系期限",
    "co_opinion": "协办意见期限",
    "reply": "答复期限",
    "rehandling": "重新办理答复期限",
    "verdict": "征询意见期限",
    "publish": "答复公开期限",
}


# --- Worklists -------------------------------------------------------------------------------

DUE_SOON_DAYS = 14


def latest_start_due_before(day: date, months: int) -> date:
    """The latest start date whose `months`-month due date falls before `day`.

    Month arithmetic clamps at month ends, so search near the naive answer.
    """
    candidate = deadlines.add_months(day, -months) + timedelta(days=3)
    while deadlines.add_months(candidate, months) >= day:
        candidate -= timedelta(days=1)
    return candidate


def latest_reply_before_verdict_lapses(today: date, calendar: Any) -> date:
    """The latest reply date whose verdict window (working days) has ended before today."""
    day = today
    while deadlines.verdict_due(day, calendar=calendar).due >= today:
        day -= timedelta(days=1)
    return day


def _lead_started(**filters: Any) -> Any:
    return Assignment.objects.filter(
        role=Assignment.Role.LEAD, status=Assignment.Status.ACTIVE, **filters
    ).values("proposal_id")


def reply_overdue_q(today: date) -> Q:
    """Proposals whose reply is overdue, as a database filter (derived, never stored).

    Each branch is an indexed subquery rather than an OR over outer joins, which stays
    fast at 10^5 proposals.
    """
    from tian.handling.models import Extension, Rehandling

    rules = deadlines.rules()
    cutoff = latest_start_due_before(today, rules.reply_months)
    extended = Extension.objects.values("proposal_id")
    first_round = Q(status__in=[Status.ASSIGNED, Status.HANDLING]) & (
        (~Q(pk__in=extended) & Q(pk__in=_lead_started(deadline_from__lte=cutoff)))
        | Q(pk__in=Extension.objects.filter(new_due_on__lt=today).values("proposal_id"))
    )
    rehandling_cutoff = latest_start_due_before(today, rules.rehandling_months)
    late_rehandling = Rehandling.objects.filter(started_on__lte=rehandling_cutoff)
    second_round = Q(status=Status.REHANDLING, pk__in=late_rehandling.values("proposal_id"))
    return first_round | second_round


def reply_due_soon_q(today: date) -> Q:
    from tian.handling.models import Extension

    rules = deadlines.rules()
    soon = latest_start_due_before(today + timedelta(days=DUE_SOON_DAYS + 1), rules.reply_months)
    late = latest_start_due_before(today, rules.reply_months)
    return (
        Q(status__in=[Status.ASSIGNED, Status.HANDLING])
        & ~Q(pk__in=Extension.objects.values("proposal_id"))
        & Q(pk__in=_lead_started(deadline_from__gt=late, deadline_from__lte=soon))
    )


def _ids(queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.values("pk")


#: The states in which a proposal waits for its units' reply (答复), and so may be overdue.
AWAITING_REPLY = (Status.ASSIGNED, Status.HANDLING, Status.REHANDLING)


def attach_reply_due(items: Sequence[Proposal]) -> None:
    """Give each listed proposal `reply_due` (a DueDate or None), in two queries in all."""
    ids = [p.pk for p in items]
    if not ids:
        return
    leads = Assignment.objects.active().leading().filter(proposal_id__in=ids)
    due = deadlines.reply_due_for(leads, deadlines.extensions_by_proposal(ids))
    rehandled = [p.pk for p in items if p.status == Status.REHANDLING]
    if rehandled:
        from tian.handling.models import Rehandling

        for row in Rehandling.objects.filter(proposal_id__in=rehandled).order_by("round"):
            due[row.proposal_id] = deadlines.rehandling_due(row.started_on)
    today = timezone.localdate()
    for proposal in items:
        proposal.reply_due = due.get(proposal.pk)
        # A reply sent ends the wait: only a proposal still to be answered is overdue.
        proposal.is_overdue = bool(
            proposal.status in AWAITING_REPLY
            and proposal.reply_due
            and proposal.reply_due.is_overdue(today)
        )


def attach_verdict_due(items: list[Proposal]) -> None:
    """Give each listed proposal `verdict_due` (a DueDate): the window for the proposer's
    verdict on its latest accepted reply (one query)."""
    replied: dict[int, date] = {}
    rows = Reply.objects.filter(
        proposal_id__in=[p.pk for p in items],
        status=Reply.Status.ACCEPTED,
        replied_on__isnull=False,
    ).order_by("replied_on", "id")
    for proposal_id, replied_on in rows.values_list("proposal_id", "replied_on"):
        replied[proposal_id] = replied_on
    calendar = deadlines.WorkdayCalendar()
    today = timezone.localdate()
    for proposal in items:
        day = replied.get(proposal.pk)
        proposal.verdict_due = deadlines.verdict_due(day, calendar=calendar) if day else None
        proposal.is_overdue = bool(proposal.verdict_due and proposal.verdict_due.is_overdue(today))


def section(
    key: str,
    title: str,
    hint: str,
    queryset: QuerySet[Proposal],
    *,
    with_due: bool = False,
    urgency: Urgency = Urgency.OTHER,
    counted: bool = True,
    prepare: Callable[[list[Any]], None] | None = None,
) -> Section:
    """A worklist box; `with_due` gives its rows their reply due date (答复期限)."""
    return worklist_section(
        key,
        title,
        hint,
        queryset,
        urgency=urgency,
        counted=counted,
        prepare=attach_reply_due if with_due else prepare,
    )


def handling_sections(user: Any, visible: QuerySet[Proposal]) -> list[Section]:
    """The handling boxes of a worklist: what the office, a unit and a proposer must do now."""
    today = timezone.localdate()
    sections = []
    if user.has_role(Role.GOV_OFFICE):
        to_assign = section(
            "to-assign",
            "待交办",
            "已立案、尚未交办承办单位的提案。",
            visible.filter(status=Status.FILED).order_by("session", "number"),
        )
        if policy.can(user, "assignment.assign"):
            to_assign.link = ("批量交办", reverse("assign-batch"))
        sections += [
            to_assign,
            section(
                "objections",
                "调整申请待处理",
                "承办单位申请调整承办单位,请同意改派或不予调整。",
                visible.filter(
                    assignments__reassignment_requests__status=ReassignmentRequest.Status.PENDING
                ),
                urgency=Urgency.DUE_SOON,
            ),
            section(
                "review-replies",
                "待审核答复",
                "承办单位已签发报送的答复:审核通过后送达提案者,或退回修改。",
                visible.filter(replies__status=Reply.Status.SUBMITTED),
            ),
            section(
                "overdue",
                "答复逾期",
                "超过答复期限仍未答复的提案(已批准延期的按延期后期限计算)。",
                visible.filter(pk__in=_ids(Proposal.objects.filter(reply_overdue_q(today)))),
                with_due=True,
                urgency=Urgency.OVERDUE,
            ),
            section(
                "verdict-overdue",
                "征询意见逾期",
                "已答复但提案者逾期未反馈的提案,可按“未反馈”办结。",
                visible.filter(
                    status=Status.REPLIED,
                    replies__status=Reply.Status.ACCEPTED,
                    replies__replied_on__lte=latest_reply_before_verdict_lapses(
                        today, deadlines.WorkdayCalendar()
                    ),
                ),
                urgency=Urgency.OVERDUE,
            ),
        ]
    if user.unit_ids:
        # One filter() call per box, so the unit, status and role conditions all apply
        # to the same assignment row.
        active = {"assignments__unit_id__in": user.unit_ids, "assignments__status": "active"}
        leading = visible.filter(**active, assignments__role__in=Assignment.LEADING_ROLES)
        co_only = visible.filter(**active, assignments__role=Assignment.Role.CO)
        sections += [
            section(
                "to-accept",
                "待签收",
                "新交办给本单位的提案:请签收;如不属本单位职能,可在5个工作日内申请调整。",
                leading.filter(status=Status.ASSIGNED),
                with_due=True,
                urgency=Urgency.DUE_SOON,
            ),
            section(
                "overdue-unit",
                "已逾期",
                "超过答复期限的提案,请尽快答复或向督查室说明。",
                leading.filter(pk__in=_ids(Proposal.objects.filter(reply_overdue_q(today)))),
                with_due=True,
                urgency=Urgency.OVERDUE,
            ),
            section(
                "due-soon",
                f"{DUE_SOON_DAYS}天内到期",
                "答复期限临近的提案。",
                leading.filter(pk__in=_ids(Proposal.objects.filter(reply_due_soon_q(today)))),
                with_due=True,
                urgency=Urgency.DUE_SOON,
            ),
            section(
                "handling",
                "办理中",
                "本单位主办或会办、正在办理的提案。",
                leading.filter(status__in=[Status.HANDLING, Status.REHANDLING]),
                with_due=True,
                counted=False,
            ),
            section(
                "returned",
                "被退回的答复",
                "督查室退回修改的答复。",
                leading.filter(
                    replies__status=Reply.Status.RETURNED, replies__unit_id__in=user.unit_ids
                ),
            ),
            section(
                "co-opinions",
                "待提协办意见",
                "本单位协办的提案:请在主办单位答复前提交协办意见。",
                co_only.filter(
                    status__in=[Status.ASSIGNED, Status.HANDLING, Status.REHANDLING],
                ).exclude(co_opinions__unit_id__in=user.unit_ids),
            ),
        ]
        if user.has_role(Role.UNIT_LEADER):
            sections.append(
                section(
                    "to-sign",
                    "待签发答复",
                    "本单位起草的答复,请审阅后签发。",
                    leading.filter(
                        replies__status__in=[Reply.Status.DRAFT],
                        replies__unit_id__in=user.role_units(Role.UNIT_LEADER),
                    ),
                )
            )
    if user.has_role(Role.MEMBER) and user.proposer_id:
        sections.append(
            section(
                "verdict",
                "待评价",
                "承办单位已答复,请填写征询意见:对办理态度和结果是否满意。",
                visible.filter(lead_proposer_id=user.proposer_id, status=Status.REPLIED),
                # The member's one short window (征询意见期限): it comes first on their list.
                urgency=Urgency.DUE_SOON,
                prepare=attach_verdict_due,
            )
        )
    return sections
