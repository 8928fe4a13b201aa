"""Background delivery of notifications by email and SMS (run by `tian db_worker`)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from tian.notifications.models import Notification
from tian.notifications.sms import NOTICE, TODO, SmsTemplate, get_sms_backend, short
from tian.notifications.told import by_email, by_sms

logger = logging.getLogger(__name__)

SUBJECT_PREFIX = "【Tian】"
SENT, SKIPPED, FAILED = "sent", "skipped", "failed"


class DeliveryFailed(Exception):
    """Some messages could not be sent; they are left unmarked so a later run retries them."""


@task()
def deliver_notifications(notification_ids: list[int]) -> dict[str, int]:
    """Email and text each notification not yet sent that way; never send one twice."""
    pending = (
        Notification.objects.filter(pk__in=notification_ids)
        .filter(Q(emailed_at__isnull=True) | Q(texted_at__isnull=True))
        .select_related("recipient")
        .order_by("pk")
    )
    sms = get_sms_backend()
    sent = {"emails": 0, "texts": 0}
    failures = 0
    for notification in pending:
        recipient = notification.recipient
        outcomes = []
        if by_email(recipient) and notification.emailed_at is None:
            outcome = _claim_and_send(notification, "emailed_at", partial(_email, notification))
            sent["emails"] += outcome == SENT
            outcomes.append(outcome)
        if by_sms(recipient) and notification.texted_at is None:
            text = partial(sms.send, recipient.phone, *text_message(notification))
            outcome = _claim_and_send(notification, "texted_at", text)
            sent["texts"] += outcome == SENT
            outcomes.append(outcome)
        failures += outcomes.count(FAILED)
    if failures:
        raise DeliveryFailed(f"{failures} 条消息发送失败,详见日志。")
    return sent


def _claim_and_send(notification: Notification, field: str, send: Callable[[], object]) -> str:
    """Claim the channel with a conditional update, then send: SENT, SKIPPED or FAILED.

    The claim comes first so two workers given the same ids cannot both send. A failed send
    releases the claim for a later retry; a crash between claim and send loses that message
    rather than sending it twice.
    """
    claimed = Notification.objects.filter(pk=notification.pk, **{f"{field}__isnull": True}).update(
        **{field: timezone.now()}
    )
    if not claimed:
        return SKIPPED
    try:
        send()
    except Exception:
        logger.exception("Could not deliver notification %s (%s)", notification.pk, field)
        Notification.objects.filter(pk=notification.pk).update(**{field: None})
        return FAILED
    return SENT


def _email(notification: Notification) -> None:
    send_mail(
        SUBJECT_PREFIX + notification.title,
        _email_body(notification),
        None,
        [notification.recipient.email],
    )


def _email_body(notification: Notification) -> str:
    lines = [f"{notification.recipient}:", "", notification.body or notification.title]
    if notification.ask:
        lines += ["", f"{notification.ask}。"]
    link = _absolute(notification.link)
    if link:
        lines += ["", f"查看详情:{link}"]
    lines += ["", "—— Tian 提案办理平台(本邮件由系统自动发送,请勿回复)"]
    return "\n".join(lines)


def text_message(notification: Notification) -> tuple[SmsTemplate, dict[str, str]]:
    """The registered template for `notification` and its parameters (the title cut to the
    gateway's limit): a request to act by a date, or a message to read."""
    title = short(notification.title)
    if notification.ask:
        return TODO, {"title": title, "ask": notification.ask}
    return NOTICE, {"title": title}


def _absolute(url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    base = getattr(settings, "TIAN_SITE_URL", "").rstrip("/")
    return f"{base}{url}" if base else ""
