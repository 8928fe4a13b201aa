"""Proposals (提案) and suggestions (建议): intake, co-signing, filing, attachments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tian.directory.models import Proposer, Session


class Category(models.Model):
    """A category (类别) of a session's taxonomy, e.g. 经济发展类."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("名称"), max_length=40)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("类别")
        verbose_name_plural = _("类别")
        ordering = ["session", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "name"], name="category_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    """The core lifecycle that figures rely on (DESIGN §3)."""

    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审查")
    FILED = "filed", _("已立案")
    MERGED = "merged", _("已并案")
    REJECTED = "rejected", _("不予立案")
    CONVERTED = "converted", _("转来信处理")
    ASSIGNED = "assigned", _("已交办")
    HANDLING = "handling", _("办理中")
    REPLIED = "replied", _("已答复")
    REHANDLING = "rehandling", _("重新办理")
    CLOSED = "closed", _("已办结")


# States in which a proposal has been accepted for handling (立案 and after).
FILED_STATES = frozenset(
    {
        Status.FILED,
        Status.ASSIGNED,
        Status.HANDLING,
        Status.REPLIED,
        Status.REHANDLING,
        Status.CLOSED,
    }
)
DECIDED_STATES = FILED_STATES | {Status.MERGED, Status.REJECTED, Status.CONVERTED}


class ProposalQuerySet(models.QuerySet["Proposal"]):
    def in_session(self, session: Session) -> ProposalQuerySet:
        return self.filter(session=session)

    def filed(self) -> ProposalQuerySet:
        return self.filter(status__in=FILED_STATES)

    def awaiting_review(self) -> ProposalQuerySet:
        return self.filter(status=Status.SUBMITTED)

    def by_proposer(self, proposer: Proposer) -> ProposalQuerySet:
        return self.filter(
            models.Q(lead_proposer=proposer)
            | models.Q(cosignatures__proposer=proposer, cosignatures__status="confirmed")
        ).distinct()


class Proposal(models.Model):
    """A proposal (提案) or a deputy's suggestion (建议), numbered per session once filed."""

    class Kind(models.TextChoices):
        PROPOSAL = "proposal", _("提案")
        SUGGESTION = "suggestion", _("建议")

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="proposals")
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices, default=Kind.PROPOSAL)
    number = models.PositiveIntegerField(_("编号"), null=True, blank=True)
    title = models.CharField(_("题目"), max_length=200)
    subject = models.TextField(_("案由"), blank=True)
    background = models.TextField(_("现状与问题"), blank=True)
    suggestions = models.TextField(_("具体建议"), blank=True)
    category = models.ForeignKey(
        Category,
        verbose_name=_("类别"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
    )
    lead_proposer = models.ForeignKey(
        Proposer, verbose_name=_("提案者"), on_delete=models.PROTECT, related_name="led_proposals"
    )
    co_proposers = models.ManyToManyField(
        Proposer,
        verbose_name=_("联名提案者"),
        through="CoSignature",
        related_name="cosigned_proposals",
        blank=True,
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("审查时间"), null=True, blank=True)
    decision_reason = models.TextField(_("审查意见"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("并入提案"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_proposals",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    is_illustrative = models.BooleanField(
        _("示例数据"), default=False, help_text=_("演示数据中为补足统计而虚构的提案。")
    )
    is_report_example = models.BooleanField(
        _("年度报告举例"), default=False, help_text=_("在年度办理情况报告中作为典型事例列出。")
    )
    source_url = models.URLField(_("来源"), max_length=300, blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("提案")
        verbose_name_plural = _("提案")
        ordering = ["session", "number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "number"],
                condition=models.Q(number__isnull=False),
                name="proposal_unique_number",
            )
        ]
        indexes = [
            models.Index(fields=["session", "status"]),
            models.Index(fields=["session", "category"]),
            models.Index(fields=["lead_proposer", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.number_label} {self.title}"

    @property
    def number_label(self) -> str:
        return f"第{self.number}号" if self.number else "未编号"

    @property
    def noun(self) -> str:
        return "提案" if self.kind == self.Kind.PROPOSAL else "建议"


class CoSignature(models.Model):
    """An invitation to co-sign (联名) and the member's answer."""

    class Status(models.TextChoices):
        INVITED = "invited", _("待确认")
        CONFIRMED = "confirmed", _("已确认")
        DECLINED = "declined", _("已谢绝")
        EXPIRED = "expired", _("已过期")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="cosignatures")
    proposer = models.ForeignKey(
        Proposer, verbose_name=_("联名人"), on_delete=models.PROTECT, related_name="cosignatures"
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.INVITED
    )
    invited_at = models.DateTimeField(_("邀请时间"), auto_now_add=True)
    deadline = models.DateTimeField(_("确认截止"), null=True, blank=True)
    responded_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("联名")
        verbose_name_plural = _("联名")
        ordering = ["proposal", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "proposer"], name="cosign_unique")
        ]
        indexes = [models.Index(fields=["proposer", "status"])]

    def __str__(self) -> str:
        return f"{self.proposer}({self.status_label})"

    @property
    def is_overdue(self) -> bool:
        """An unanswered invitation past its deadline counts as expired (derived, not stored)."""
        return (
            self.status == self.Status.INVITED
            and self.deadline is not None
            and timezone.now() > self.deadline
        )

    @property
    def status_label(self) -> str:
        return str(self.Status.EXPIRED.label) if self.is_overdue else self.get_status_display()


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"proposals/{instance.proposal_id}/{filename}"


class Attachment(models.Model):
    """A file attached to a proposal (附件); served only to those who may see the proposal."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=attachment_path)
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["proposal", "id"]

    def __str__(self) -> str:
        return self.original_name
