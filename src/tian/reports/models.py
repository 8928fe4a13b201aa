"""The annual report (年度提案办理情况报告): the office's own text per session, and the files
rendered from it in the background."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tian.directory.models import Session


class AnnualReport(models.Model):
    """What the office writes itself for a session's report (存在问题及下阶段工作打算, the
    closing words) and the public-disclosure header (信息公开); blank fields take the
    defaults from settings or from the records."""

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="report")
    title = models.CharField(
        _("标题"), max_length=120, blank=True, help_text=_("留空则按会议名称自动生成。")
    )
    problems = models.TextField(
        _("存在问题及下阶段工作打算"),
        blank=True,
        help_text=_("每段一行。留空则使用待修改的默认文字。"),
    )
    closing = models.TextField(_("结束语"), blank=True)
    index_number = models.CharField(_("索引号"), max_length=60, blank=True)
    document_number = models.CharField(_("文件编号"), max_length=60, blank=True)
    publisher = models.CharField(
        _("发布机构"), max_length=80, blank=True, help_text=_("留空则使用系统设置。")
    )
    issued_on = models.DateField(_("发文日期"), null=True, blank=True)
    published_on = models.DateField(_("公开日期"), null=True, blank=True)
    validity = models.CharField(
        _("效力状况"), max_length=20, blank=True, help_text=_("留空则使用系统设置。")
    )
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
        verbose_name = _("年度办理情况报告")
        verbose_name_plural = _("年度办理情况报告")

    def __str__(self) -> str:
        return str(self.session)


def report_file_path(instance: ReportFile, filename: str) -> str:
    return f"reports/{instance.session.slug}/{filename}"


class ReportFile(models.Model):
    """A report rendered in the background (PDF): its progress, then the file."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("生成中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("生成失败")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="report_files")
    format = models.CharField(_("格式"), max_length=8)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("进度(%)"), default=0)
    step = models.CharField(_("当前步骤"), max_length=60, blank=True)
    file = models.FileField(_("文件"), upload_to=report_file_path, blank=True)
    error = models.TextField(_("错误信息"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("报告文件")
        verbose_name_plural = _("报告文件")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.session} {self.format}"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}
