"""Supervision notices (督办单): the office issues one to a unit, the unit acknowledges it with
its answer. Each is numbered per year (督字〔2023〕第3号) under a row lock."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from tian import policy
from tian.audit.actions import record_event
from tian.audit.events import EventType
from tian.directory.models import Role, RoleAssignment, Unit, User
from tian.handling.models import Assignment
from tian.lib.dates import cn_date
from tian.lib.errors import ActionError
from tian.notifications.actions import notify
from tian.proposals.locking import lock_proposal
from tian.proposals.models import Proposal, Status
from tian.supervision.models import Commitment, NoticeSequence, SupervisionNotice

NOTIFICATION_KIND = "notice"


def addressable_units(proposal: Proposal) -> QuerySet[Unit]:
    """The units a notice on `proposal` may go to: its active handling units and the units
    responsible for its commitments."""
    handling = Assignment.objects.active().filter(proposal=proposal)
    responsible = Commitment.objects.filter(proposal=proposal)
    return Unit.objects.filter(
        Q(pk__in=handling.values("unit_id")) | Q(pk__in=responsible.values("responsible_unit_id"))
    ).order_by("name")


def unit_people(unit: Unit) -> list[User]:
    """The clerks and leaders of `unit`, who receive its notices."""
    rows = RoleAssignment.objects.filter(
        unit=unit, role__in=[Role.UNIT_STAFF, Role.UNIT_LEADER]
    ).select_related("user")
    return [row.user for row in rows.order_by("user_id")]


def _next_number(year: int) -> int:
    # One sequence row per year, locked while numbering, so two issues never share a number.
    NoticeSequence.objects.get_or_create(year=year)
    sequence = NoticeSequence.objects.select_for_update().get(year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return sequence.last_number


def issue_notice(
    actor: Any,
    proposal: Proposal,
    *,
    unit: Unit,
    content: str,
    respond_by: date,
    commitment: Commitment | None = None,
) -> SupervisionNotice:
    """The office issues a supervision notice (下发督办单) to a unit about a proposal or one
    of its commitments; the unit's clerks and leaders are told."""
    policy.require(actor, "notice.issue", proposal)
    content = content.strip()
    today = timezone.localdate()
    if not content:
        raise ActionError("请填写督办事项和要求。")
    if respond_by < today:
        raise ActionError("反馈期限不能早于今天。")
    if proposal.status in (Status.DRAFT, Status.SUBMITTED):
        raise ActionError("提案尚未立案交办,不能下发督办单。")
    if commitment is not None and commitment.proposal_id != proposal.pk:
        raise ActionError("所选实施清单事项不属于这件提案。")
    if not addressable_units(proposal).filter(pk=unit.pk).exists():
        raise ActionError(f"{unit.display_name}不是这件提案的承办单位或责任单位。")
    with transaction.atomic():
        now = timezone.now()
        year = timezone.localtime(now).year
        notice = SupervisionNotice.objects.create(
            proposal=proposal,
            commitment=commitment,
            unit=unit,
            year=year,
            number=_next_number(year),
            content=content,
            respond_by=respond_by,
            issued_by=actor,
            issued_at=now,
        )
        notify(
            unit_people(unit),
            kind=NOTIFICATION_KIND,
            title=f"督办单{notice.number_label}:{proposal.number_label}{proposal.noun}",
            body=(
                f"政府办督查室就{proposal.number_label}{proposal.noun}《{proposal.title}》"
                f"向{unit.display_name}下发督办单{notice.number_label}:{content}\n"
                f"请于{cn_date(respond_by)}前签收并反馈办理情况。"
            ),
            proposal=proposal,
            url=reverse("notice-detail", args=[notice.pk]),
            action="签收并反馈",
            due_on=respond_by,
        )
        record_event(
            actor,
            EventType.NOTICE_ISSUED,
            proposal=proposal,
            target=notice,
            message=f"{notice.number_label},致{unit.display_name},{cn_date(respond_by)}前反馈",
            unit=unit.pk,
            respond_by=respond_by.isoformat(),
        )
    return notice


def acknowledge_notice(actor: Any, notice: SupervisionNotice, *, response: str) -> None:
    """The addressed unit acknowledges a notice with its answer (签收并反馈); the issuer
    (or, without one, the office) is told."""
    policy.require(actor, "notice.acknowledge", notice)
    response = response.strip()
    if not response:
        raise ActionError("请填写办理反馈。")
    with transaction.atomic():
        lock_proposal(notice.proposal, None)  # the proposal first, then its notice
        notice = (
            SupervisionNotice.objects.select_for_update(of=("self",))
            .select_related("proposal", "unit", "issued_by")
            .get(pk=notice.pk)
        )
        if notice.acknowledged_at is not None:
            raise ActionError(f"这份督办单已于{cn_date(notice.acknowledged_at)}签收。")
        notice.acknowledged_by = actor
        notice.acknowledged_at = timezone.now()
        notice.response = response
        notice.save(update_fields=["acknowledged_by", "acknowledged_at", "response"])
        issuer = notice.issued_by
        recipients = (
            [issuer]
            if issuer is not None and issuer.is_active
            else [
                row.user
                for row in RoleAssignment.objects.filter(role=Role.GOV_OFFICE).select_related(
                    "user"
                )
            ]
        )
        proposal = notice.proposal
        notify(
            recipients,
            kind=NOTIFICATION_KIND,
            title=f"{notice.unit.display_name}已签收督办单{notice.number_label}",
            body=(
                f"{notice.unit.display_name}已签收督办单{notice.number_label}"
                f"({proposal.number_label}{proposal.noun}《{proposal.title}》),反馈:{response}"
            ),
            proposal=proposal,
            url=reverse("notice-detail", args=[notice.pk]),
        )
        record_event(
            actor,
            EventType.NOTICE_ACKNOWLEDGED,
            proposal=proposal,
            target=notice,
            message=f"{notice.number_label}:{response}",
        )
