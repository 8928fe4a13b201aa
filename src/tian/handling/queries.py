"""What the handling part of a proposal page and of the worklists shows."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from tian import policy
from tian.handling import deadlines
from tian.handling.models import Assignment, ReassignmentRequest, Reply
from tian.handling.workflow import available_transitions
from tian.proposals.models import Proposal, Status


def handling_context(user: Any, proposal: Proposal) -> dict[str, Any]:
    """Everything the proposal page shows about handling, filtered by what `user` may see."""
    today = timezone.localdate()
    assignments = list(proposal.assignments.select_related("unit").order_by("role", "id"))
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
    is_unit = bool(my_assignments)
    is_office = policy.can(user, "handling.review_reply")
    shows_internal = is_unit or is_office or policy.can(user, "assignment.propose", proposal)
    return {
        "assignments": assignments,
        "replies": replies,
        "my_assignments": my_assignments,
        "my_roles": {a.role for a in my_assignments},
        "deadlines": [(name, due[name]) for name in _DEADLINE_ORDER if name in due],
        "deadline_labels": _DEADLINE_LABELS,
        "today": today,
        "objections": objections,
        "contacts": list(proposal.contacts.select_related("unit")) if shows_internal else [],
        "co_opinions": list(proposal.co_opinions.select_related("unit")) if shows_internal else [],
        "feedbacks": list(proposal.feedbacks.select_related("proposer")),
        "transitions": {t.code for t in available_transitions(user, proposal)},
        "is_office": is_office,
        "may_reply": any(a.role in ("lead", "joint") for a in my_assignments)
        and proposal.status in (Status.HANDLING, Status.REHANDLING),
        "may_co_opinion": any(a.role == "co" for a in my_assignments)
        and proposal.status in (Status.ASSIGNED, Status.HANDLING, Status.REHANDLING),
        "may_contact": bool(my_assignments)
        and proposal.status
        in (Status.ASSIGNED, Status.HANDLING, Status.REHANDLING, Status.REPLIED),
        "may_verdict": policy.can(user, "feedback.give", proposal),
        "may_assign": proposal.status == Status.FILED
        and (is_office or policy.can(user, "assignment.propose", proposal)),
        "may_extend": is_office
        and proposal.status in (Status.ASSIGNED, Status.HANDLING)
        and not proposal.extensions.exists(),
        "signable": [
            r
            for r in replies
            if r.status in ("draft", "returned") and policy.can(user, "handling.sign_reply", r)
        ],
        "submittable": [r for r in replies if r.status == "signed" and r.unit_id in user.unit_ids],
        "reviewable": [r for r in replies if r.status == Reply.Status.SUBMITTED and is_office],
    }


_DEADLINE_ORDER = [
    "objection",
    "first_contact",
    "co_opinion",
    "reply",
    "rehandling",
    "verdict",
    "publish",
]
_DEADLINE_LABELS = {
    "objection": "申请调整期限",
    "first_contact": "首次联系期限",
    "co_opinion": "协办意见期限",
    "reply": "答复期限",
    "rehandling": "重新办理答复期限",
    "verdict": "征询意见期限",
    "publish": "答复公开期限",
}
