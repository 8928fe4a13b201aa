"""Supervision (督办): key proposals with their leading and supervising leaders."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tian.directory.models import Leader
from tian.proposals.models import Proposal


class KeyProposal(models.Model):
    """A key proposal (重点提案), led by a government leader (领办), supervised (督办)."""

    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="key")
    reason = models.TextField(_("遴选理由"), blank=True)
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

    class Meta:
        verbose_name = _("实施清单事项")
        verbose_name_plural = _("实施清单")
        ordering = ["proposal", "due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.description
