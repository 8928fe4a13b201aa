"""Handling (办理): grades, assignments to units, replies and the proposer's verdict."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from tian.directory.models import Proposer, Session, Unit
from tian.proposals.models import Proposal


class StatClass(models.TextChoices):
    """The fixed statistical class every grade maps to, so sessions compare (DESIGN §6)."""

    RESOLVED = "resolved", _("已解决或基本解决")
    IN_PROGRESS = "in_progress", _("正在解决或列入计划解决")
    NOT_NOW = "not_now", _("因条件限制暂未解决")
    REFERENCE = "reference", _("留作参考")


class Grade(models.Model):
    """A reply grade (办理结果分类) of a session's grade set, e.g. A=已解决或基本解决."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="grades")
    code = models.CharField(_("代码"), max_length=8)
    label = models.CharField(_("名称"), max_length=60)
    stat_class = models.CharField(_("统计口径"), max_length=12, choices=StatClass.choices)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("办理结果分类")
        verbose_name_plural = _("办理结果分类")
        ordering = ["session", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["session", "code"], name="grade_unique_code"),
            models.UniqueConstraint(fields=["session", "label"], name="grade_unique_label"),
        ]

    def __str__(self) -> str:
        return f"{self.code}类 {self.label}"


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def active(self) -> AssignmentQuerySet:
        """Assignments in force (承办中): neither proposed only nor withdrawn."""
        return self.filter(status=Assignment.Status.ACTIVE)

    def proposed(self) -> AssignmentQuerySet:
        """The units the proposal committee proposed (拟交办), not yet assigned."""
        return self.filter(status=Assignment.Status.PROPOSED)

    def leading(self) -> AssignmentQuerySet:
        """The units that answer the proposer: the lead unit (主办) and joint leads (会办)."""
        return self.filter(role__in=Assignment.LEADING_ROLES)

    def co(self) -> AssignmentQuerySet:
        """Co-units (协办), which send their opinion to the lead unit."""
        return self.filter(role=Assignment.Role.CO)


class Assignment(models.Model):
    """A proposal handed to a unit (交办) as lead (主办), co (协办) or joint lead (会办)."""

    class Role(models.TextChoices):
        LEAD = "lead", _("主办")
        CO = "co", _("协办")
        JOINT = "joint", _("会办")

    # The roles that lead: each answers the proposer and is answerable for the reply.
    LEADING_ROLES = (Role.LEAD, Role.JOINT)

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(
        Unit, verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="assignments"
    )

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("拟交办")
        ACTIVE = "active", _("承办中")
        WITHDRAWN = "withdrawn", _("已撤回")

    role = models.CharField(_("承办方式"), max_length=8, choices=Role.choices, default=Role.LEAD)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    assigned_on = models.DateField(_("交办日期"), null=True, blank=True)
    deadline_from = models.DateField(
        _("办理期限起算日"),
        null=True,
        blank=True,
        help_text=_("通常等于交办日期;转办时保留原期限,除非督查室重新起算(有记录)。"),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("交办")
        verbose_name_plural = _("交办")
        ordering = ["proposal", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "unit"], name="assignment_unique_unit")
        ]
        indexes = [
            models.Index(fields=["unit", "status", "role"]),
            models.Index(fields=["role", "status", "deadline_from"]),
        ]

    def __str__(self) -> str:
        return f"{self.unit}({self.get_role_display()})"

    @property
    def is_leading(self) -> bool:
        return self.role in self.LEADING_ROLES


def letter_path(instance: Reply, filename: str) -> str:
    return f"replies/{instance.proposal_id}/{filename}"


# A reply without a date sorts before every dated one of its round, on every database.
_UNDATED = Value(date(1900, 1, 1))


class ReplyQuerySet(models.QuerySet["Reply"]):
    def graded(self) -> ReplyQuerySet:
        """Replies the office accepted (已审核) with a grade: the ones that count."""
        return self.filter(status=Reply.Status.ACCEPTED, grade__isnull=False)

    def final(self) -> ReplyQuerySet:
        """Each proposal's final reply: the graded one of the latest round (the latest dated,
        then the latest entered, if a round has several) — the one no other outranks."""

        def ranked(replies: ReplyQuerySet) -> ReplyQuerySet:
            return replies.graded().annotate(ranked_on=Coalesce("replied_on", _UNDATED))

        same_round = Q(round=OuterRef("round"))
        later = ranked(Reply.objects.all()).filter(
            Q(proposal=OuterRef("proposal_id"))
            & (
                Q(round__gt=OuterRef("round"))
                | (same_round & Q(ranked_on__gt=OuterRef("ranked_on")))
                | (same_round & Q(ranked_on=OuterRef("ranked_on"), pk__gt=OuterRef("pk")))
            )
        )
        # "No later one exists" rather than "equals the first of a sorted subquery": the same
        # rows, without a sort per reply (about twice as fast at 10^5 on both databases).
        return ranked(self).filter(~Exists(later))

    def final_of(self, proposal_ref: str = "pk") -> ReplyQuerySet:
        """The final reply of the proposal at `OuterRef(proposal_ref)` as an ordered subquery
        (take `[:1]`): the reply `final()` picks, for per-row annotations."""
        return (
            self.graded()
            .filter(proposal=OuterRef(proposal_ref))
            .order_by("-round", F("replied_on").desc(nulls_last=True), "-id")
        )


class Reply(models.Model):
    """A unit's reply (答复) to a proposal: text, signed letter, grade, signer, disclosure."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("起草中")
        SIGNED = "signed", _("负责人已签发")
        SUBMITTED = "submitted", _("待督查室审核")
        RETURNED = "returned", _("已退回修改")
        ACCEPTED = "accepted", _("已审核答复")

    class Disclosure(models.TextChoices):
        PUBLISH = "publish", _("公开")
        WITHHOLD = "withhold", _("不公开")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="replies")
    unit = models.ForeignKey(
        Unit, verbose_name=_("答复单位"), on_delete=models.PROTECT, related_name="replies"
    )
    grade = models.ForeignKey(
        Grade, verbose_name=_("办理结果"), on_delete=models.PROTECT, null=True, blank=True
    )
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    summary = models.TextField(_("办理情况摘要"), blank=True)
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.ACCEPTED
    )
    situation = models.TextField(_("基本情况"), blank=True)
    measures = models.TextField(_("已采取的措施"), blank=True)
    plan = models.TextField(_("下一步计划"), blank=True)
    # The letter's heading and footing (答复函), from which Tian writes the Word letter.
    doc_number = models.CharField(_("文号"), max_length=40, blank=True)
    issuer_name = models.CharField(
        _("签发人"), max_length=40, blank=True, help_text=_("空则用签发的单位负责人的姓名。")
    )
    contact_name = models.CharField(_("联系人"), max_length=40, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    copy_to = models.CharField(_("抄送"), max_length=200, blank=True)
    letter = models.FileField(_("签章答复函"), upload_to=letter_path, blank=True)
    letter_type = models.CharField(max_length=100, blank=True)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签发人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    disclosure = models.CharField(
        _("公开属性"), max_length=10, choices=Disclosure.choices, default=Disclosure.PUBLISH
    )
    disclosure_reason = models.TextField(_("不公开理由"), blank=True)
    review_comment = models.TextField(_("审核意见"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ReplyQuerySet.as_manager()

    class Meta:
        verbose_name = _("答复")
        verbose_name_plural = _("答复")
        ordering = ["proposal", "round", "id"]
        indexes = [models.Index(fields=["grade"]), models.Index(fields=["proposal", "status"])]

    def __str__(self) -> str:
        return f"{self.proposal.number_label} {self.unit}"


class Verdict(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY = "basically", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


# The verdicts that count as satisfied (满意率 = 满意 + 基本满意).
SATISFIED_VERDICTS = (Verdict.SATISFIED, Verdict.BASICALLY)


class OnTarget(models.TextChoices):
    YES = "yes", _("针对")
    MOSTLY = "mostly", _("基本针对")
    NO = "no", _("未针对")


class Feedback(models.Model):
    """The proposer's verdict (征询意见表) on how the proposal was handled."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="feedbacks")
    proposer = models.ForeignKey(
        Proposer, verbose_name=_("提案者"), on_delete=models.PROTECT, related_name="feedbacks"
    )
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    responded = models.BooleanField(
        _("已反馈"), default=True, help_text=_("逾期未反馈时记为未反馈,不计为满意。")
    )
    contact_made = models.BooleanField(_("承办单位是否联系"), null=True, blank=True)
    contact_method = models.CharField(_("联系方式"), max_length=40, blank=True)
    attitude = models.CharField(_("办理态度"), max_length=12, choices=Verdict.choices, blank=True)
    on_target = models.CharField(
        _("答复针对性"), max_length=8, choices=OnTarget.choices, blank=True
    )
    result = models.CharField(_("办理结果"), max_length=12, choices=Verdict.choices, blank=True)
    comments = models.TextField(_("意见和建议"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("征询意见")
        verbose_name_plural = _("征询意见")
        ordering = ["proposal", "round", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "proposer", "round"], name="feedback_unique_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposal.number_label} {self.get_result_display()}"


class ReassignmentRequest(models.Model):
    """A unit's objection to an assignment (申请调整), decided by the government office."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待处理")
        ACCEPTED = "accepted", _("已调整")
        REJECTED = "rejected", _("不予调整")

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="reassignment_requests"
    )
    reason = models.TextField(_("申请理由"))
    suggested_unit = models.CharField(_("建议承办单位"), max_length=80, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_comment = models.TextField(_("处理意见"), blank=True)

    class Meta:
        verbose_name = _("申请调整")
        verbose_name_plural = _("申请调整")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.assignment} {self.get_status_display()}"


class Contact(models.Model):
    """A contact with the proposer (沟通、面商): how, when, at which stage, what was said."""

    class Method(models.TextChoices):
        PHONE = "phone", _("电话沟通")
        VISIT = "visit", _("登门走访")
        MEETING = "meeting", _("座谈面商")
        SITE = "site", _("现场调研")

    class Stage(models.TextChoices):
        BEFORE = "before", _("办前")
        DURING = "during", _("办中")
        AFTER = "after", _("办后")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="contacts")
    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    method = models.CharField(_("方式"), max_length=10, choices=Method.choices)
    stage = models.CharField(_("阶段"), max_length=10, choices=Stage.choices, default=Stage.BEFORE)
    contacted_on = models.DateField(_("日期"))
    participants = models.CharField(_("参加人员"), max_length=200, blank=True)
    summary = models.TextField(_("沟通情况"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("沟通记录")
        verbose_name_plural = _("沟通记录")
        ordering = ["proposal", "contacted_on", "id"]

    def __str__(self) -> str:
        return f"{self.contacted_on} {self.get_method_display()}"


class CoOpinion(models.Model):
    """A co-unit's opinion (协办意见) sent to the lead unit before it replies."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="co_opinions")
    unit = models.ForeignKey(
        Unit, verbose_name=_("协办单位"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("协办意见"))
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("协办意见")
        verbose_name_plural = _("协办意见")
        ordering = ["proposal", "submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "unit"], name="co_opinion_unique_unit")
        ]

    def __str__(self) -> str:
        return f"{self.unit} 协办意见"


class Extension(models.Model):
    """An extension of the reply deadline (延期), once, with a reason; never past 6 months."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="extensions")
    new_due_on = models.DateField(_("延至"))
    reason = models.TextField(_("延期理由"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("延期")
        verbose_name_plural = _("延期")

    def __str__(self) -> str:
        return f"延至{self.new_due_on}"


class Rehandling(models.Model):
    """Re-handling (重新办理) after the proposer found the result unsatisfactory."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="rehandlings")
    feedback = models.OneToOneField(Feedback, on_delete=models.CASCADE, related_name="rehandling")
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=2)
    started_on = models.DateField(_("开始日期"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("重新办理")
        verbose_name_plural = _("重新办理")

    def __str__(self) -> str:
        return f"{self.proposal.number_label} 第{self.round}轮"


class CalendarDay(models.Model):
    """An admin override of the working-day calendar (节假日调整), for years the library lacks."""

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否工作日"))
    note = models.CharField(_("说明"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("节假日调整")
        verbose_name_plural = _("节假日调整")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'上班' if self.is_workday else '休息'}"
