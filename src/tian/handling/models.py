"""Handling (办理): grades, assignments to units, replies and the proposer's verdict."""

from __future__ import annotations

from django.conf import settings
from django.db import models
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


class Assignment(models.Model):
    """A proposal handed to a unit (交办) as lead (主办), co (协办) or joint lead (会办)."""

    class Role(models.TextChoices):
        LEAD = "lead", _("主办")
        CO = "co", _("协办")
        JOINT = "joint", _("会办")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(
        Unit, verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(_("承办方式"), max_length=8, choices=Role.choices, default=Role.LEAD)
    assigned_on = models.DateField(_("交办日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("交办")
        verbose_name_plural = _("交办")
        ordering = ["proposal", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "unit"], name="assignment_unique_unit")
        ]
        indexes = [models.Index(fields=["unit", "role"])]

    def __str__(self) -> str:
        return f"{self.unit}({self.get_role_display()})"


class Reply(models.Model):
    """A unit's reply (答复) to a proposal, with its grade."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="replies")
    unit = models.ForeignKey(
        Unit, verbose_name=_("答复单位"), on_delete=models.PROTECT, related_name="replies"
    )
    grade = models.ForeignKey(
        Grade, verbose_name=_("办理结果"), on_delete=models.PROTECT, null=True, blank=True
    )
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    summary = models.TextField(_("办理情况摘要"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("答复")
        verbose_name_plural = _("答复")
        ordering = ["proposal", "id"]
        indexes = [models.Index(fields=["grade"])]

    def __str__(self) -> str:
        return f"{self.proposal.number_label} {self.unit}"


class Verdict(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY = "basically", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


class Feedback(models.Model):
    """The proposer's verdict (征询意见表) on how the proposal was handled."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="feedbacks")
    proposer = models.ForeignKey(
        Proposer, verbose_name=_("提案者"), on_delete=models.PROTECT, related_name="feedbacks"
    )
    attitude = models.CharField(_("办理态度"), max_length=12, choices=Verdict.choices)
    result = models.CharField(_("办理结果"), max_length=12, choices=Verdict.choices)
    comments = models.TextField(_("意见和建议"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("征询意见")
        verbose_name_plural = _("征询意见")
        ordering = ["proposal", "id"]

    def __str__(self) -> str:
        return f"{self.proposal.number_label} {self.get_result_display()}"
