"""Every change to a proposal before handling: draft, co-sign, submit, and the filing review.

Each action checks the policy, runs in one transaction with the proposal row locked,
compares the version the user saw (so concurrent edits never overwrite each other),
and writes one audit event.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from tian import policy
from tian.audit.actions import record_event
from tian.audit.events import EventType
from tian.directory.models import Proposer, Session
from tian.lib.errors import ActionError, ConflictError
from tian.lib.uploads import DOCX, JPEG, PDF, PNG, XLSX, check_upload
from tian.proposals.models import (
    FILED_STATES,
    Attachment,
    Category,
    CoSignature,
    Proposal,
    Status,
)

EDITABLE_FIELDS = ("title", "subject", "background", "suggestions", "category")
ATTACHMENT_TYPES = (PDF, PNG, JPEG, DOCX, XLSX)


def lock_proposal(proposal: Proposal, version: int | None) -> Proposal:
    """Re-read the proposal under a row lock; refuse if it changed since `version` was read."""
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if version is not None and locked.version != version:
        raise ConflictError(
            "此提案刚刚已被他人修改或处理。请查看最新内容后再操作,您填写的内容已保留在表单中。"
        )
    return locked


def _bump(proposal: Proposal, *fields: str) -> None:
    proposal.version += 1
    proposal.save(update_fields=[*fields, "version", "updated_at"])


def _check_category(session: Session, category: Category | None) -> None:
    if category is not None and category.session_id != session.pk:
        raise ActionError("所选类别不属于本次会议。")


def create_proposal(
    actor: Any,
    *,
    session: Session,
    lead_proposer: Proposer,
    title: str,
    subject: str = "",
    background: str = "",
    suggestions: str = "",
    category: Category | None = None,
) -> Proposal:
    """Create a draft proposal for `lead_proposer` (a member writes their own; staff any)."""
    policy.require(actor, "proposal.create")
    if lead_proposer.pk != actor.proposer_id:
        policy.require(actor, "proposal.create_on_behalf")
    if lead_proposer.body_id != session.body_id:
        raise ActionError("提案者不属于该会议所在的机构。")
    if not session.is_open_for_submission:
        raise ActionError(f"{session}已停止接收提案。")
    _check_category(session, category)
    title = title.strip()
    if not title:
        raise ActionError("请填写提案题目。")
    with transaction.atomic():
        proposal = Proposal.objects.create(
            session=session,
            kind=Proposal.Kind.PROPOSAL
            if session.body.kind == "cppcc"
            else Proposal.Kind.SUGGESTION,
            title=title,
            subject=subject,
            background=background,
            suggestions=suggestions,
            category=category,
            lead_proposer=lead_proposer,
            created_by=actor,
        )
        record_event(actor, EventType.PROPOSAL_CREATED, proposal=proposal, target=proposal)
    return proposal


def update_draft(actor: Any, proposal: Proposal, *, version: int, **fields: Any) -> Proposal:
    """Change a draft's text or category; only its author may, only while it is a draft."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    with transaction.atomic():
        proposal = lock_proposal(proposal, version)
        policy.require(actor, "proposal.edit", proposal)
        if "title" in fields:
            fields["title"] = fields["title"].strip()
            if not fields["title"]:
                raise ActionError("请填写提案题目。")
        _check_category(proposal.session, fields.get("category"))
        changed = [name for name, value in fields.items() if getattr(proposal, name) != value]
        if not changed:
            return proposal
        for name in changed:
            setattr(proposal, name, fields[name])
        _bump(proposal, *changed)
        record_event(
            actor, EventType.PROPOSAL_UPDATED, proposal=proposal, target=proposal, fields=changed
        )
    return proposal


def invite_cosigners(
    actor: Any, proposal: Proposal, proposers: Iterable[Proposer]
) -> list[CoSignature]:
    """Invite members to co-sign (联名); each must confirm before the session's deadline."""
    with transaction.atomic():
        proposal = lock_proposal(proposal, None)
        policy.require(actor, "proposal.edit", proposal)
        deadline = timezone.now() + timedelta(days=proposal.session.cosign_days)
        created = []
        for proposer in proposers:
            if proposer.pk == proposal.lead_proposer_id:
                raise ActionError("提案者本人不需要联名。")
            if proposer.body_id != proposal.session.body_id or proposer.is_collective:
                raise ActionError(f"{proposer} 不是本机构的委员,不能邀请联名。")
            signature, was_created = CoSignature.objects.get_or_create(
                proposal=proposal, proposer=proposer, defaults={"deadline": deadline}
            )
            if was_created:
                created.append(signature)
                record_event(
                    actor,
                    EventType.COSIGN_INVITED,
                    proposal=proposal,
                    target=signature,
                    message=proposer.name,
                )
        if created:
            _bump(proposal)
    return created


def respond_to_invitation(actor: Any, proposal: Proposal, *, accept: bool) -> CoSignature:
    """The invited member confirms or declines co-signing, before the deadline."""
    with transaction.atomic():
        proposal = lock_proposal(proposal, None)
        policy.require(actor, "proposal.cosign", proposal)
        signature = CoSignature.objects.select_for_update().get(
            proposal=proposal, proposer_id=actor.proposer_id
        )
        now = timezone.now()
        if signature.is_overdue:
            raise ActionError("联名确认已超过截止时间。")
        if proposal.status not in (Status.DRAFT, Status.SUBMITTED):
            raise ActionError("该提案已完成审查,不能再确认联名。")
        signature.status = CoSignature.Status.CONFIRMED if accept else CoSignature.Status.DECLINED
        signature.responded_at = now
        signature.save(update_fields=["status", "responded_at"])
        _bump(proposal)
        record_event(
            actor,
            EventType.COSIGN_CONFIRMED if accept else EventType.COSIGN_DECLINED,
            proposal=proposal,
            target=signature,
            message=signature.proposer.name,
        )
    return signature


def submit_proposal(actor: Any, proposal: Proposal, *, version: int) -> Proposal:
    """Send a draft to the proposal committee for review (提交)."""
    with transaction.atomic():
        proposal = lock_proposal(proposal, version)
        policy.require(actor, "proposal.submit", proposal)
        missing = [
            label
            for label, value in (("题目", proposal.title), ("具体建议", proposal.suggestions))
            if not value.strip()
        ]
        if missing:
            raise ActionError(f"提交前请填写:{'、'.join(missing)}。")
        if not proposal.session.is_open_for_submission:
            raise ActionError(f"{proposal.session}已停止接收提案。")
        proposal.status = Status.SUBMITTED
        proposal.submitted_at = timezone.now()
        _bump(proposal, "status", "submitted_at")
        record_event(actor, EventType.PROPOSAL_SUBMITTED, proposal=proposal, target=proposal)
    return proposal


def _close_invitations(proposal: Proposal) -> None:
    proposal.cosignatures.filter(status=CoSignature.Status.INVITED).update(
        status=CoSignature.Status.EXPIRED
    )


def next_number(session: Session) -> int:
    """The next free number in a session; call with the session row locked."""
    current = Proposal.objects.filter(session=session).aggregate(top=Max("number"))["top"]
    return (current or 0) + 1


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
    with transaction.atomic():
        proposal = lock_proposal(proposal, version)
        policy.require(actor, "proposal.review", proposal)
        category = category or proposal.category
        if category is None:
            raise ActionError("立案前请选择类别。")
        _check_category(proposal.session, category)
        # Numbers are handed out one at a time per session: lock the session row.
        session = Session.objects.select_for_update().get(pk=proposal.session_id)
        if number is None:
            number = next_number(session)
        elif Proposal.objects.filter(session=session, number=number).exists():
            raise ActionError(f"第{number}号已被使用,请换一个编号或留空自动编号。")
        proposal.number = number
        proposal.category = category
        proposal.status = Status.FILED
        proposal.decided_at = timezone.now()
        proposal.decision_reason = comment
        _bump(proposal, "number", "category", "status", "decided_at", "decision_reason")
        _close_invitations(proposal)
        record_event(
            actor,
            EventType.PROPOSAL_FILED,
            proposal=proposal,
            target=proposal,
            message=f"{proposal.number_label},{category.name}",
            number=number,
        )
    return proposal


def merge_proposal(
    actor: Any, proposal: Proposal, *, version: int, into: Proposal, reason: str = ""
) -> Proposal:
    """Merge a submitted proposal into a filed one (并案); both proposers keep their record."""
    with transaction.atomic():
        proposal = lock_proposal(proposal, version)
        policy.require(actor, "proposal.review", proposal)
        if into.pk == proposal.pk:
            raise ActionError("不能把提案并入它自己。")
        if into.session_id != proposal.session_id:
            raise ActionError("只能并入同一次会议的提案。")
        if into.status not in FILED_STATES:
            raise ActionError(f"{into.number_label}尚未立案,只能并入已立案的提案。")
        proposal.status = Status.MERGED
        proposal.merged_into = into
        proposal.decided_at = timezone.now()
        proposal.decision_reason = reason.strip() or f"与{into.number_label}内容相近,并案办理。"
        _bump(proposal, "status", "merged_into", "decided_at", "decision_reason")
        _close_invitations(proposal)
        record_event(
            actor,
            EventType.PROPOSAL_MERGED,
            proposal=proposal,
            target=proposal,
            message=f"并入{into.number_label}",
            into=into.pk,
        )
        record_event(
            actor,
            EventType.PROPOSAL_MERGED,
            proposal=into,
            target=proposal,
            message=f"“{proposal.title}”({proposal.lead_proposer})并入本提案",
        )
    return proposal


def _decline(
    actor: Any, proposal: Proposal, version: int, reason: str, status: Status, event: EventType
) -> Proposal:
    reason = reason.strip()
    if not reason:
        raise ActionError("请填写理由,提案者会看到这条理由。")
    with transaction.atomic():
        proposal = lock_proposal(proposal, version)
        policy.require(actor, "proposal.review", proposal)
        proposal.status = status
        proposal.decided_at = timezone.now()
        proposal.decision_reason = reason
        _bump(proposal, "status", "decided_at", "decision_reason")
        _close_invitations(proposal)
        record_event(actor, event, proposal=proposal, target=proposal, message=reason)
    return proposal


def reject_proposal(actor: Any, proposal: Proposal, *, version: int, reason: str) -> Proposal:
    """Decline to file (不予立案), with a reason the proposer sees."""
    return _decline(actor, proposal, version, reason, Status.REJECTED, EventType.PROPOSAL_REJECTED)


def convert_proposal(actor: Any, proposal: Proposal, *, version: int, reason: str) -> Proposal:
    """Convert to a letter or opinion (转来信/意见处理), with a reason the proposer sees."""
    return _decline(
        actor, proposal, version, reason, Status.CONVERTED, EventType.PROPOSAL_CONVERTED
    )


def add_attachment(actor: Any, proposal: Proposal, upload: Any) -> Attachment:
    """Attach a file to a draft after checking what it really contains."""
    kind = check_upload(upload, ATTACHMENT_TYPES)
    with transaction.atomic():
        proposal = lock_proposal(proposal, None)
        policy.require(actor, "attachment.add", proposal)
        attachment = Attachment(
            proposal=proposal,
            original_name=(upload.name or "附件")[:200],
            content_type=kind.content_type,
            size=upload.size,
            uploaded_by=actor,
        )
        attachment.file.save(
            f"{timezone.now():%Y%m%d%H%M%S}{kind.extensions[0]}", upload, save=False
        )
        attachment.save()
        record_event(
            actor,
            EventType.ATTACHMENT_ADDED,
            proposal=proposal,
            target=attachment,
            message=attachment.original_name,
        )
    return attachment
