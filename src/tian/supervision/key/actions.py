"""Every change to key proposals (重点提案): selection, its leaders, supervision activities.

Each action checks the policy, runs in one transaction and writes one audit event.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from tian import policy
from tian.audit.actions import record_event
from tian.audit.events import EventType
from tian.directory.models import Leader
from tian.lib.errors import ActionError
from tian.lib.uploads import JPEG, PDF, PNG, check_upload
from tian.proposals.locking import lock_proposal
from tian.proposals.models import FILED_STATES, Proposal
from tian.supervision.models import KeyProposal, SupervisionActivity

PHOTO_TYPES = (PNG, JPEG, PDF)


def _check_leaders(lead_leader: Leader | None, supervisors: list[Leader]) -> None:
    if lead_leader is None:
        raise ActionError("请选择领办的政府领导。")
    if lead_leader.organisation != Leader.Organisation.GOVERNMENT:
        raise ActionError(
            f"领办领导应为政府领导,{lead_leader}是{lead_leader.get_organisation_display()}领导。"
        )
    if not supervisors:
        raise ActionError("请选择督办的政协主席或副主席。")
    wrong = [s for s in supervisors if s.organisation != Leader.Organisation.CPPCC]
    if wrong:
        names = "、".join(str(s) for s in wrong)
        raise ActionError(f"督办领导应为政协主席或副主席,{names}不是政协领导。")


def select_key_proposal(
    actor: Any,
    proposal: Proposal,
    *,
    reason: str,
    lead_leader: Leader | None,
    supervisors: Iterable[Leader],
) -> KeyProposal:
    """Make a filed proposal a key proposal, or change the reason and leaders of one."""
    policy.require(actor, "key.select", proposal)
    reason = (reason or "").strip()
    supervisors = list(dict.fromkeys(supervisors))
    if not reason:
        raise ActionError("请填写遴选为重点提案的理由。")
    _check_leaders(lead_leader, supervisors)
    with transaction.atomic():
        proposal = lock_proposal(proposal, None)
        if proposal.status not in FILED_STATES:
            raise ActionError(
                f"只有已立案的提案才能确定为重点提案,此提案目前{proposal.get_status_display()}。"
            )
        key = KeyProposal.objects.filter(proposal=proposal).first()
        event = EventType.KEY_CHANGED if key else EventType.KEY_SELECTED
        if key is None:
            key = KeyProposal(proposal=proposal, selected_at=timezone.now())
        key.reason = reason
        key.lead_leader = lead_leader
        key.save()
        key.supervisors.set(supervisors)
        record_event(
            actor,
            event,
            proposal=proposal,
            target=key,
            reason=reason,
            lead_leader=str(lead_leader),
            supervisors=[str(s) for s in supervisors],
        )
    return key


def unselect_key_proposal(actor: Any, key: KeyProposal, *, reason: str) -> None:
    """Take a proposal off the key list, with the reason; refused once supervision has begun."""
    policy.require(actor, "key.unselect", key)
    reason = (reason or "").strip()
    if not reason:
        raise ActionError("请填写撤销重点提案的理由。")
    with transaction.atomic():
        proposal = lock_proposal(key.proposal, None)
        key = KeyProposal.objects.filter(pk=key.pk).first()
        if key is None:
            raise ActionError("此提案已不是重点提案。")
        # Activities are the record of supervision done; deleting the key would delete them.
        if key.activities.exists():
            raise ActionError("此重点提案已有督办活动记录,不能撤销。")
        record_event(
            actor,
            EventType.KEY_UNSELECTED,
            proposal=proposal,
            target=key,
            reason=reason,
            lead_leader=str(key.lead_leader or ""),
            supervisors=[str(s) for s in key.supervisors.all()],
        )
        key.delete()


def record_activity(
    actor: Any,
    key: KeyProposal,
    *,
    kind: str,
    held_on: date,
    place: str = "",
    attendees: str = "",
    summary: str,
    photo: UploadedFile | None = None,
) -> SupervisionActivity:
    """Record a supervision activity (协商会、视察、调研、座谈) held on a key proposal."""
    policy.require(actor, "key.record_activity", key)
    if kind not in SupervisionActivity.Kind.values:
        raise ActionError("请选择督办活动的形式。")
    if held_on is None:
        raise ActionError("请填写活动日期。")
    if held_on > timezone.localdate():
        raise ActionError("活动日期不能晚于今天:请在活动举行后记录。")
    summary = (summary or "").strip()
    if not summary:
        raise ActionError("请填写活动情况摘要。")
    if photo is not None:
        check_upload(photo, PHOTO_TYPES)
    with transaction.atomic():
        activity = SupervisionActivity(
            key_proposal=key,
            kind=kind,
            held_on=held_on,
            place=place.strip(),
            attendees=attendees.strip(),
            summary=summary,
            created_by=actor,
        )
        if photo is not None:
            activity.photo.save(photo.name, photo, save=False)
        activity.save()
        record_event(
            actor,
            EventType.ACTIVITY_RECORDED,
            proposal=key.proposal,
            target=activity,
            kind=kind,
            held_on=held_on.isoformat(),
        )
    return activity
