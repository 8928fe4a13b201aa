"""Workflows as data (办理流程): which steps a body's proposals take, who takes them, with
which guards and effects. The engine that fires them is `tian.workflow.engine`.

The tables were created by the handling app and keep its names (`handling_workflow`,
`handling_transition`), so moving the models here lost no row (migration 0001).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Workflow(models.Model):
    """A jurisdiction's handling steps as data (办理流程): which transitions exist, for whom."""

    slug = models.SlugField(_("代号"), unique=True)
    name = models.CharField(_("名称"), max_length=60)
    body_kind = models.CharField(
        _("适用机构"),
        max_length=10,
        choices=[("cppcc", _("政协")), ("npc", _("人大"))],
        unique=True,
    )

    class Meta:
        db_table = "handling_workflow"
        verbose_name = _("办理流程")
        verbose_name_plural = _("办理流程")

    def __str__(self) -> str:
        return self.name


class Transition(models.Model):
    """One step of a workflow: from a status to another, who may fire it, guards, effects."""

    workflow = models.ForeignKey(Workflow, on_delete=models.CASCADE, related_name="transitions")
    code = models.CharField(_("代码"), max_length=30)
    label = models.CharField(_("名称"), max_length=30)
    source = models.CharField(_("起始状态"), max_length=12)
    target = models.CharField(_("目标状态"), max_length=12)
    roles = models.JSONField(_("可执行角色"), default=list)
    guards = models.JSONField(_("前置条件"), default=list, blank=True)
    effects = models.JSONField(_("附带动作"), default=list, blank=True)
    notify = models.JSONField(_("通知对象"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        db_table = "handling_transition"
        verbose_name = _("流程步骤")
        verbose_name_plural = _("流程步骤")
        ordering = ["workflow", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workflow", "code", "source"], name="transition_unique_source"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label}({self.source}→{self.target})"
