"""Intake's status changes (提交、立案审查): submit a draft, then file, merge, reject or convert it.

Each is one step of the proposal's workflow (`fire`): the policy decides who may take it, the
workflow's guards whether it may be taken now, and it runs in one transaction with one
audit event. Drafting, co-signing and attachments stay in `tian.proposals.actions`.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from tian.audit.actions import record_event
from tian.audit.events import EventType
from tian.lib.errors import ActionError
from tian.proposals.models import FILED_STATES, Category, Proposal
from tian.workflow.engine import Step, fire


def submit_proposal(actor: Any, proposal: Proposal, *, version: int) -> Proposal:
    """Send a draft to the proposal committee for review (提交)."""

    def stamp(step: Step) -> None:
        step.proposal.submitted_at = timezone.now()

    return fire(actor, proposal, "submit", version=version, apply=stamp)


def file_proposal(
    actor: Any,
    proposal: Proposal,
    *,
    version: int,
    category: Category | None = None,
    number: int | None = None,
    comment: str = "",
) -> Proposal:
    """Accept a submitted proposal (立案): give it its session number (第N号) and a category."""

    def record_decision(step: Step) -> None:
        step.proposal.decided_at = timezone.now()
        step.proposal.decision_reason = comment

    return fire(
        actor,
        proposal,
        "file",
        version=version,
        message=lambda filed: f"{filed.number_label},{filed.category}",
        data={"category": category, "number": number},
        apply=record_decision,
    )


def merge_proposal(
    actor: Any, proposal: Proposal, *, version: int, into: Proposal, reason: str = ""
) -> Proposal:
    """Merge a submitted proposal into a filed one (并案); both proposers keep their record."""
    if into.pk == proposal.pk:
        raise ActionError("不能把提案并入它自己。")
    if into.session_id != proposal.session_id:
        raise ActionError("只能并入同一次会议的提案。")
    if into.status not in FILED_STATES:
        raise ActionError(f"{into.number_label}尚未立案,只能并入已立案的提案。")

    def link(step: Step) -> None:
        step.proposal.merged_into = into
        step.proposal.decided_at = timezone.now()
        step.proposal.decision_reason = (
            reason.strip() or f"与{into.number_label}内容相近,并案办理。"
        )
        record_event(
            actor,
            EventType.MERGED_INTO,
            proposal=into,
            target=step.proposal,
            message=f"“{step.proposal.title}”({step.proposal.lead_proposer})并入本提案",
        )

    return fire(
        actor, proposal, "merge", version=version, message=f"并入{into.number_label}", apply=link
    )


def _decline(actor: Any, proposal: Proposal, version: int, reason: str, code: str) -> Proposal:
    def record_reason(step: Step) -> None:
        step.proposal.decided_at = timezone.now()
        step.proposal.decision_reason = reason.strip()

    return fire(
        actor,
        proposal,
        code,
        version=version,
        message=reason.strip(),
        data={"reason": reason},
        apply=record_reason,
    )


def reject_proposal(actor: Any, proposal: Proposal, *, version: int, reason: str) -> Proposal:
    """Decline to file (不予立案), with a reason the proposer sees."""
    return _decline(actor, proposal, version, reason, "reject")


def convert_proposal(actor: Any, proposal: Proposal, *, version: int, reason: str) -> Proposal:
    """Convert to a letter or opinion (转来信/意见处理), with a reason the proposer sees."""
    return _decline(actor, proposal, version, reason, "convert")
