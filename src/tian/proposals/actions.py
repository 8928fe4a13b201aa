"""Every change to a proposal's draft: write it, invite co-signers, co-sign, attach files.

Its status changes (submit, the filing review) go through the workflow engine, a floor
above: `tian.workflow.intake`. Each action checks the policy, runs in one transaction with
the proposal row locked, compares the version the user saw (so concurrent edits never
overwrite each other), and writes one audit event.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from tian import policy
from tian.audit.actions import record_event
from tian.audit.events import EventType
from tian.directory.models import Proposer, Session, User
from tian.directory.namesakes import namesake_labels
from tian.lib.dates import cn_date
from tian.lib.errors import ActionError
from tian.lib.uploads import DOCX, JPEG, PDF, PNG, XLSX, check_upload
from tian.notifications.actions import notify
from tian.proposals.locking import lock_proposal
from tian.proposals.models import (
    Attachment,
    Category,
    CoSignature,
    Proposal,
    Status,
)

EDITABLE_FIELDS = ("title", "subject", "background", "suggestions", "category")
ATTACHMENT_TYPES = (PDF, PNG, JPEG, DOCX, XLSX)


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
    proposers = list(proposers)
    with transaction.atomic():
        proposal = lock_proposal(proposal, None)
        policy.require(actor, "proposal.edit", proposal)
        deadline = timezone.now() + timedelta(days=proposal.session.cosign_days)
        # The history and the message name namesakes as lists do: 王伟(教育界).
        labels = namesake_labels([proposal.lead_proposer, *proposers])
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
                    message=labels[proposer.pk],
                )
                _tell_invitee(proposal, signature, labels[proposal.lead_proposer_id])
        if created:
            _bump(proposal)
    return created


def _tell_invitee(proposal: Proposal, signature: CoSignature, lead: str) -> None:
    """The invited member's inbox (and text): who asks, what, and by when to answer."""
    notify(
        User.objects.filter(proposer_id=signature.proposer_id),
        kind="cosign.invited",
        title=f"{lead}邀请您联名“{proposal.title}”",
        body=f"请于{cn_date(signature.deadline)}前确认是否联名,逾期视为未联名。",
        proposal=proposal,
        action="确认是否联名",
        due_on=timezone.localtime(signature.deadline).date(),
    )


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
            message=namesake_labels([signature.proposer])[signature.proposer_id],
        )
    return signature


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
