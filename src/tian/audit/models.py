"""The audit log (审计日志): an append-only, hash-chained record of every change to the world."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    SUCCESS = "success", _("成功")
    FAILURE = "failure", _("失败")


class AuditEventQuerySet(models.QuerySet):
    """Events are appended by `record_event`/`record_events` only; nothing rewrites them."""

    def update(self, **kwargs: Any) -> int:
        raise RuntimeError("审计事件只能追加,不能修改。")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise RuntimeError("审计事件不能删除。")

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise RuntimeError("审计事件只能追加,不能修改。")

    def bulk_create(self, *args: Any, **kwargs: Any) -> list[AuditEvent]:
        raise RuntimeError("审计事件须经 record_events 写入,以接上哈希链。")

    def _append(self, events: list[AuditEvent]) -> list[AuditEvent]:
        return super().bulk_create(events)


class AuditEvent(models.Model):
    """One event: who did what, when, from where, with what outcome. Never updated or deleted.

    The actor and the proposal are kept as plain ids (no database constraint, nothing
    cascades): deleting a user or a proposal leaves its events as they were written.
    Each event carries `hash`, an HMAC of its content and of the previous event's hash.
    """

    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_username = models.CharField(_("操作人账号"), max_length=150, blank=True)
    event_type = models.CharField(_("事件"), max_length=60, db_index=True)
    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("提案"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="events",
    )
    object_type = models.CharField(_("对象类型"), max_length=60, blank=True)
    object_id = models.CharField(_("对象"), max_length=40, blank=True)
    message = models.TextField(_("说明"), blank=True)
    data = models.JSONField(_("数据"), default=dict, blank=True)
    ip = models.CharField(_("来源地址"), max_length=45, blank=True)
    outcome = models.CharField(
        _("结果"), max_length=10, choices=Outcome.choices, default=Outcome.SUCCESS
    )
    prev_hash = models.CharField(_("前一事件哈希"), max_length=64, blank=True)
    hash = models.CharField(_("哈希"), max_length=64, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["proposal", "created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.event_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RuntimeError("审计事件只能追加,不能修改。")
        if not self.hash:
            raise RuntimeError("审计事件须经 record_event 写入,以接上哈希链。")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("审计事件不能删除。")

    @property
    def actor_label(self) -> str:
        """The actor as the log shows them: the account's name while it exists, else the
        username written with the event, else the system."""
        try:
            actor = self.actor
        except ObjectDoesNotExist:  # the account was deleted since
            actor = None
        if actor is not None:
            return str(actor)
        return self.actor_username or str(_("系统"))


class AuditChain(models.Model):
    """The head of the hash chain: one row, locked while an event is appended so that two
    writers never fork the chain. `anchor_hash` is where the kept rows start (the genesis
    value, or the last archived event's hash after the documented archiving procedure)."""

    last_hash = models.CharField(max_length=64, blank=True)
    last_event_id = models.BigIntegerField(null=True, blank=True)
    anchor_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("审计哈希链")
        verbose_name_plural = _("审计哈希链")

    def __str__(self) -> str:
        return f"#{self.last_event_id} {self.last_hash[:12]}"
