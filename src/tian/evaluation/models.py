"""Unit evaluation (考核): the scoring scheme of a session and the office's reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tian.directory.models import Session


class Measure(models.TextChoices):
    """The measures a criterion can use; each is computed in `tian.evaluation.scoring`."""

    ON_TIME = "on_time", _("按时答复率")
    CONTACT = "contact", _("面商率")
    QUALITY = "quality", _("答复质量")
    SATISFACTION = "satisfaction", _("满意率")
    COMMITMENTS = "commitments", _("办成率")
    OVERDUE_DEDUCTION = "overdue_deduction", _("逾期答复扣分")


# What each measure counts, shown on the scheme page and in the export.
MEASURE_HELP: dict[str, str] = {
    Measure.ON_TIME: "主办(会办)提案首次答复在答复期限内(经批准延期的按延期后期限)的比例;"
    "逾期仍未答复的计为未按时,尚未到期的不计。",
    Measure.CONTACT: "已答复的主办(会办)提案中,本单位与提案者当面沟通"
    "(登门走访、座谈面商或现场调研)的比例;仅电话沟通不计为面商。",
    Measure.QUALITY: "督查室对本单位答复的质量评审:优100分、良85分、中70分、差50分,取平均分折算。",
    Measure.SATISFACTION: "主办(会办)提案的征询意见表中,对办理结果满意或基本满意的比例"
    "(按每件提案最后一轮意见,未反馈的不计)。",
    Measure.COMMITMENTS: "本单位负责的实施清单事项(不含已取消的和分解步骤)中,"
    "已到期或已完成的事项完成的比例。",
    Measure.OVERDUE_DEDUCTION: "主办(会办)提案每逾期答复或逾期未答复1件,"
    "扣除所设分值;设为0则不扣分。",
}

# Measures that take points off per item instead of sharing the 100 points.
DEDUCTIONS = frozenset({Measure.OVERDUE_DEDUCTION})


class EvaluationScheme(models.Model):
    """A session's scoring scheme (考核方案): criteria with their points, 100 in all."""

    session = models.OneToOneField(
        Session, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="evaluation_scheme"
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")

    def __str__(self) -> str:
        return f"{self.session} 考核方案"


class Criterion(models.Model):
    """One criterion (考核指标) of a scheme: which measure, and how many points it is worth.

    For a deduction measure `weight` is the points taken off per item, outside the 100.
    """

    scheme = models.ForeignKey(EvaluationScheme, on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField(_("代号"), max_length=30)
    name = models.CharField(_("名称"), max_length=40)
    measure = models.CharField(_("计分规则"), max_length=20, choices=Measure.choices)
    weight = models.PositiveSmallIntegerField(_("分值"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        ordering = ["scheme", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="criterion_unique_code"),
            models.UniqueConstraint(fields=["scheme", "measure"], name="criterion_unique_measure"),
        ]

    def __str__(self) -> str:
        return f"{self.name}({self.weight}分)"

    @property
    def is_deduction(self) -> bool:
        return self.measure in DEDUCTIONS

    @property
    def shown(self) -> bool:
        """A deduction set to 0 points is switched off and left out of the table."""
        return bool(self.weight) or not self.is_deduction

    @property
    def help(self) -> str:
        return MEASURE_HELP.get(self.measure, "")


class QualityLevel(models.TextChoices):
    """The office's rating of a reply (答复质量): 优/良/中/差."""

    EXCELLENT = "excellent", _("优")
    GOOD = "good", _("良")
    FAIR = "fair", _("中")
    POOR = "poor", _("差")


# Points out of 100 that each rating is worth in the quality measure.
LEVEL_POINTS: dict[str, int] = {
    QualityLevel.EXCELLENT: 100,
    QualityLevel.GOOD: 85,
    QualityLevel.FAIR: 70,
    QualityLevel.POOR: 50,
}


class ReplyReview(models.Model):
    """The office's review of a reply's quality (答复质量评审): one per reply, editable."""

    reply = models.OneToOneField(
        "handling.Reply", verbose_name=_("答复"), on_delete=models.CASCADE, related_name="quality"
    )
    level = models.CharField(_("评审等次"), max_length=10, choices=QualityLevel.choices)
    comment = models.TextField(_("评审意见"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评审人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("评审时间"))

    class Meta:
        verbose_name = _("答复质量评审")
        verbose_name_plural = _("答复质量评审")
        ordering = ["reply"]

    def __str__(self) -> str:
        return f"{self.reply} {self.get_level_display()}"

    @property
    def points(self) -> int:
        return LEVEL_POINTS[self.level]
