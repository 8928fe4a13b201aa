"""Supervision (督办): key proposals with their leading and supervising leaders."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from tian.directory.models import Leader
from tian.handling.models import Verdict
from tian.proposals.models import Proposal


class KeyProposal(models.Model):
    """A key proposal (重点提案), led by a government leader (领办), supervised (督办)."""

    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="key")
    reason = models.TextField(_("遴选理由"), blank=True)
    selected_at = models.DateTimeField(_("确定时间"), null=True, blank=True)
    lead_leader = models.ForeignKey(
        Leader,
        verbose_name=_("领办领导"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_key_proposals",
    )
    supervisors = models.ManyToManyField(
        Leader, verbose_name=_("督办领导"), related_name="supervised_key_proposals", blank=True
    )

    class Meta:
        verbose_name = _("重点提案")
        verbose_name_plural = _("重点提案")
        ordering = ["proposal"]

    def __str__(self) -> str:
        return str(self.proposal)


def followed_by_q(leader_id: int, prefix: str = "") -> Q:
    """Key proposals a leader leads (领办) or supervises (督办); `prefix` reaches them through
    a relation (`key__`). Supervisors are matched by a subquery, so no row repeats."""
    supervised = KeyProposal.supervisors.through.objects.filter(leader_id=leader_id)
    return Q(**{f"{prefix}lead_leader_id": leader_id}) | Q(
        **{f"{prefix}pk__in": supervised.values("keyproposal_id")}
    )


class CommitmentQuerySet(models.QuerySet["Commitment"]):
    def top_level(self) -> CommitmentQuerySet:
        """Measures as promised, without their sub-steps (a parent's figures roll up from them)."""
        return self.filter(parent__isnull=True)

    def counted(self) -> CommitmentQuerySet:
        """The measures that count in figures: top-level and not cancelled."""
        return self.top_level().exclude(status=Commitment.Status.CANCELLED)

    def overdue(self, today: date) -> CommitmentQuerySet:
        return self.filter(overdue_q(today))

    def open(self) -> CommitmentQuerySet:
        """Still under way (推进中)."""
        return self.filter(status=Commitment.Status.OPEN)

    def for_units(self, unit_ids: Iterable[int]) -> CommitmentQuerySet:
        """The measures these units are responsible for (责任单位)."""
        return self.filter(responsible_unit_id__in=list(unit_ids))

    def due_by(self, day: date) -> CommitmentQuerySet:
        """Due on or before `day` (overdue ones included)."""
        return self.filter(due_on__lte=day)

    def reported_on(self) -> CommitmentQuerySet:
        """The measures units report on: leaves, a parent being reported through its
        sub-steps (those not cancelled)."""
        return self.exclude(
            Exists(
                Commitment.objects.filter(parent_id=OuterRef("pk")).exclude(
                    status=Commitment.Status.CANCELLED
                )
            )
        )

    def totals(self, today: date) -> dict[str, int]:
        """How many measures there are, are done and are overdue: one aggregate query."""
        return self.order_by().aggregate(**totals(today))


def overdue_q(today: date, prefix: str = "") -> Q:
    """Open and past its due date (逾期); `prefix` reaches commitments through a relation."""
    return Q(**{f"{prefix}status": Commitment.Status.OPEN, f"{prefix}due_on__lt": today})


def counted_q(prefix: str = "") -> Q:
    """`Commitment.objects.counted()` as a filter, to count commitments through a relation."""
    return Q(**{f"{prefix}parent__isnull": True}) & ~Q(
        **{f"{prefix}status": Commitment.Status.CANCELLED}
    )


def totals(today: date, prefix: str = "", where: Q | None = None) -> dict[str, Count]:
    """The commitment totals every page and figure shows (total, done, overdue), as
    aggregates; `prefix` counts commitments through a relation (`proposal__commitments__`),
    `where` narrows the commitments counted (e.g. `counted_q(prefix)`)."""
    field = prefix.removesuffix("__") or "pk"
    where = where if where is not None else Q()
    return {
        "total": Count(field, filter=where) if where else Count(field),
        "done": Count(field, filter=where & Q(**{f"{prefix}status": Commitment.Status.DONE})),
        "overdue": Count(field, filter=where & overdue_q(today, prefix)),
    }


class Commitment(models.Model):
    """A measure promised in a reply (实施清单): what, who, by when, how far along."""

    class Status(models.TextChoices):
        OPEN = "open", _("推进中")
        DONE = "done", _("已完成")
        CANCELLED = "cancelled", _("已取消")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="commitments")
    reply = models.ForeignKey(
        "handling.Reply",
        verbose_name=_("答复"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    description = models.CharField(_("措施"), max_length=300)
    responsible_unit = models.ForeignKey(
        "directory.Unit", verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="+"
    )
    start_on = models.DateField(_("开始日期"), null=True, blank=True)
    due_on = models.DateField(_("完成时限"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    progress = models.PositiveSmallIntegerField(_("进度(%)"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("实施清单事项")
        verbose_name_plural = _("实施清单")
        ordering = ["proposal", "due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.description


def evidence_path(instance: models.Model, filename: str) -> str:
    return f"supervision/{instance._meta.model_name}/{filename}"


class ProgressUpdate(models.Model):
    """A dated report on a commitment (进展): how far along, what was done, with evidence."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="updates")
    reported_on = models.DateField(_("日期"))
    progress = models.PositiveSmallIntegerField(_("进度(%)"))
    note = models.TextField(_("进展情况"))
    evidence = models.FileField(_("佐证材料"), upload_to=evidence_path, blank=True)
    evidence_type = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(
        "directory.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("进展")
        verbose_name_plural = _("进展")
        ordering = ["commitment", "reported_on", "id"]

    def __str__(self) -> str:
        return f"{self.reported_on} {self.progress}%"


class SupervisionActivity(models.Model):
    """A supervision activity on a key proposal (协商会、视察、调研、座谈)."""

    class Kind(models.TextChoices):
        CONSULTATION = "consultation", _("协商会")
        INSPECTION = "inspection", _("视察")
        RESEARCH = "research", _("调研")
        FORUM = "forum", _("座谈")

    key_proposal = models.ForeignKey(
        KeyProposal, on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(_("形式"), max_length=20, choices=Kind.choices)
    held_on = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    attendees = models.TextField(_("参加人员"), blank=True)
    summary = models.TextField(_("情况摘要"))
    photo = models.FileField(_("照片"), upload_to=evidence_path, blank=True)
    created_by = models.ForeignKey(
        "directory.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("督办活动")
        verbose_name_plural = _("督办活动")
        ordering = ["key_proposal", "held_on", "id"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_kind_display()}"


class Tracking(models.Model):
    """A proposal of an earlier session followed up in a later year (跨年度跟踪督办)."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("提案"), on_delete=models.CASCADE, related_name="trackings"
    )
    session = models.ForeignKey(
        "directory.Session",
        verbose_name=_("跟踪年度会议"),
        on_delete=models.CASCADE,
        related_name="trackings",
    )
    progress_report = models.TextField(_("本年度办理进展"), blank=True)
    reported_at = models.DateTimeField(_("报告时间"), null=True, blank=True)
    reported_by = models.ForeignKey(
        "directory.User",
        verbose_name=_("报告人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verdict = models.CharField(_("提案者评价"), max_length=12, choices=Verdict.choices, blank=True)
    verdict_comment = models.TextField(_("评价意见"), blank=True)
    verdict_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束跟踪时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        "directory.User",
        verbose_name=_("结束跟踪人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    close_reason = models.TextField(_("结束跟踪理由"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("跨年度跟踪")
        verbose_name_plural = _("跨年度跟踪")
        ordering = ["session", "proposal"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "session"], name="tracking_unique_session")
        ]

    def __str__(self) -> str:
        return f"{self.proposal} ({self.session})"


class Reminder(models.Model):
    """A reminder sent (催办记录): one step of the escalation schedule for one due date.

    The unique constraints make the row the claim: a sweep inserts it first, and a second
    sweep (or a concurrent worker) that hits the constraint knows the step was already sent.
    """

    class Subject(models.TextChoices):
        REPLY = "reply", _("答复期限")
        COMMITMENT = "commitment", _("实施清单")

    subject = models.CharField(_("催办事项"), max_length=12, choices=Subject.choices)
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("提案"), on_delete=models.CASCADE, related_name="reminders"
    )
    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("实施清单事项"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
    )
    unit = models.ForeignKey(
        "directory.Unit", verbose_name=_("催办单位"), on_delete=models.PROTECT, related_name="+"
    )
    step = models.CharField(_("催办环节"), max_length=40)
    due_on = models.DateField(_("期限"))
    sent_on = models.DateField(_("催办日期"))
    recipients = models.ManyToManyField(
        "directory.User", verbose_name=_("接收人"), related_name="+", blank=True
    )
    sent_at = models.DateTimeField(_("发送时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("催办记录")
        verbose_name_plural = _("催办记录")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "step", "due_on"],
                condition=models.Q(subject="reply"),
                name="reminder_once_per_reply_step",
            ),
            models.UniqueConstraint(
                fields=["commitment", "step", "due_on"],
                condition=models.Q(subject="commitment"),
                name="reminder_once_per_commitment_step",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal} {self.step} {self.due_on}"


class NoticeSequence(models.Model):
    """The last supervision-notice number issued in a year; locked while numbering."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    last_number = models.PositiveIntegerField(_("已用编号"), default=0)

    class Meta:
        verbose_name = _("督办单编号")
        verbose_name_plural = _("督办单编号")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class SupervisionNotice(models.Model):
    """A supervision notice (督办单) from the office to a unit, numbered 督字〔2023〕第3号,
    answered by the unit when it acknowledges it."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("提案"), on_delete=models.CASCADE, related_name="notices"
    )
    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("实施清单事项"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notices",
    )
    unit = models.ForeignKey(
        "directory.Unit",
        verbose_name=_("督办单位"),
        on_delete=models.PROTECT,
        related_name="supervision_notices",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    number = models.PositiveIntegerField(_("编号"))
    content = models.TextField(_("督办事项和要求"))
    respond_by = models.DateField(_("反馈期限"))
    issued_by = models.ForeignKey(
        "directory.User",
        verbose_name=_("签发人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("签发时间"))
    acknowledged_by = models.ForeignKey(
        "directory.User",
        verbose_name=_("签收人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    response = models.TextField(_("办理反馈"), blank=True)

    class Meta:
        verbose_name = _("督办单")
        verbose_name_plural = _("督办单")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="notice_unique_number")
        ]
        indexes = [models.Index(fields=["unit", "acknowledged_at"])]

    def __str__(self) -> str:
        return self.number_label

    @property
    def number_label(self) -> str:
        """督字〔2023〕第3号."""
        return f"督字〔{self.year}〕第{self.number}号"

    @property
    def is_acknowledged(self) -> bool:
        return self.acknowledged_at is not None
