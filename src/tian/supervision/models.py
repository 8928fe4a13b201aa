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
