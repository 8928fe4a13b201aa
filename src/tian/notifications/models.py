"""Notifications (消息): one row per message to one person, read in the inbox, emailed, texted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet["Notification"]):
    def for_user(self, user: object) -> NotificationQuerySet:
        return self.filter(recipient=user)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def grouped_by_proposal(self) -> NotificationQuerySet:
        """Messages about the same proposal together, the group with the newest message first
        (newest first within it); a message about no proposal stands alone, by its own time."""
        newest_of_group = (
            Notification.objects.filter(
                recipient_id=OuterRef("recipient_id"), proposal_id=OuterRef("proposal_id")
            )
            .order_by("-created_at")
            .values("created_at")[:1]
        )
        return self.annotate(
            group_at=Coalesce(Subquery(newest_of_group), F("created_at"))
        ).order_by("-group_at", "proposal_id", "-created_at", "-id")


class Notification(models.Model):
    """A message to one recipient (消息通知). Delivery times record what has been sent."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("类型"), max_length=40)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("提案"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
    )
    url = models.CharField(_("链接"), max_length=300, blank=True)
    # What the recipient is asked to do (评价、答复、签收 …) and by when, if anything.
    action = models.CharField(_("要求"), max_length=20, blank=True)
    due_on = models.DateField(_("期限"), null=True, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)
    texted_at = models.DateTimeField(_("短信发送时间"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("消息通知")
        verbose_name_plural = _("消息通知")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def link(self) -> str:
        """Where the message leads: its own URL, or else the proposal it is about."""
        if self.url:
            return self.url
        if self.proposal_id:
            return reverse("proposal-detail", args=[self.proposal_id])
        return ""

    @property
    def ask(self) -> str:
        """What to do and by when, as the message says it: "请于12月18日前评价"."""
        if not self.action:
            return ""
        if self.due_on is None:
            return f"请{self.action}"
        return f"请于{self.due_on.month}月{self.due_on.day}日前{self.action}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
