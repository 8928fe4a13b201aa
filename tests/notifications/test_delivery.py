"""deliver_notifications: email and SMS, each sent once, marked, and retried only after failure."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from tian.notifications.actions import notify
from tian.notifications.models import Notification
from tian.notifications.sms import BaseSmsBackend
from tian.notifications.tasks import DeliveryFailed, deliver_notifications

pytestmark = pytest.mark.django_db


class BrokenSmsBackend(BaseSmsBackend):
    def send(self, phone: str, text: str) -> None:
        raise ConnectionError("gateway down")


def _notify_and_commit(recipients: list, callbacks: Any, **fields: Any) -> list[Notification]:
    fields = {"kind": "replied", "title": "第69号提案已答复", **fields}
    with callbacks(execute=True), transaction.atomic():
        return notify(recipients, **fields)


def test_delivery_sends_email_and_sms_once_and_marks_them(
    reachable: Any,
    immediate_tasks: None,
    mailoutbox: list,
    sms_outbox: list,
    django_capture_on_commit_callbacks: Any,
) -> None:
    [created] = _notify_and_commit(
        [reachable.member], django_capture_on_commit_callbacks, body="请查看答复并填写征询意见表。"
    )
    [mail] = mailoutbox
    assert mail.subject == "【Tian】第69号提案已答复"
    assert mail.to == ["wangxm@example.cn"]
    assert "请查看答复并填写征询意见表。" in mail.body
    assert sms_outbox == [("13800000001", "【Tian】第69号提案已答复")]
    created.refresh_from_db()
    assert created.emailed_at is not None
    assert created.texted_at is not None
    assert created.read_at is None


def test_delivering_again_sends_nothing(
    reachable: Any,
    immediate_tasks: None,
    mailoutbox: list,
    sms_outbox: list,
    django_capture_on_commit_callbacks: Any,
) -> None:
    created = _notify_and_commit(
        [reachable.member, reachable.unit_clerk], django_capture_on_commit_callbacks
    )
    assert (len(mailoutbox), len(sms_outbox)) == (2, 2)
    result = deliver_notifications.call([n.pk for n in created])
    assert result == {"emails": 0, "texts": 0}
    assert (len(mailoutbox), len(sms_outbox)) == (2, 2)


def test_a_recipient_without_email_or_phone_only_gets_the_inbox_message(
    personas: Any,
    immediate_tasks: None,
    mailoutbox: list,
    sms_outbox: list,
    django_capture_on_commit_callbacks: Any,
) -> None:
    [created] = _notify_and_commit([personas.office], django_capture_on_commit_callbacks)
    assert mailoutbox == []
    assert sms_outbox == []
    created.refresh_from_db()
    assert (created.emailed_at, created.texted_at) == (None, None)


def test_a_failed_text_is_left_unmarked_for_a_retry_while_the_email_is_kept(
    reachable: Any, settings: Any, mailoutbox: list, sms_outbox: list
) -> None:
    [created] = notify([reachable.member], kind="replied", title="已答复")
    settings.TIAN_SMS_BACKEND = "tests.notifications.test_delivery.BrokenSmsBackend"
    with pytest.raises(DeliveryFailed):
        deliver_notifications.call([created.pk])
    created.refresh_from_db()
    assert created.emailed_at is not None
    assert created.texted_at is None

    settings.TIAN_SMS_BACKEND = "tian.notifications.sms.MemorySmsBackend"
    assert deliver_notifications.call([created.pk]) == {"emails": 0, "texts": 1}
    assert len(mailoutbox) == 1
    assert sms_outbox == [("13800000001", "【Tian】已答复")]


def test_the_email_links_to_the_page_on_the_configured_site(
    reachable: Any, settings: Any, mailoutbox: list
) -> None:
    settings.TIAN_SITE_URL = "https://tian.example.gov.cn/"
    [created] = notify([reachable.member], kind="replied", title="已答复", url="/proposals/7/")
    deliver_notifications.call([created.pk])
    assert "https://tian.example.gov.cn/proposals/7/" in mailoutbox[0].body


def test_a_long_title_is_shortened_to_one_text_message(reachable: Any, sms_outbox: list) -> None:
    [created] = notify([reachable.member], kind="replied", title="关于" * 60)
    deliver_notifications.call([created.pk])
    [(_phone, text)] = sms_outbox
    assert len(text) == 70
    assert text.endswith("…")


def test_the_logging_backend_writes_the_number_and_text_to_the_sms_log(
    caplog: Any, settings: Any
) -> None:
    from tian.notifications.sms import get_sms_backend

    settings.TIAN_SMS_BACKEND = "tian.notifications.sms.LoggingSmsBackend"
    with caplog.at_level("INFO", logger="tian.sms"):
        get_sms_backend().send("13800000001", "【Tian】已答复")
    [record] = caplog.records
    assert record.name == "tian.sms"
    assert "13800000001" in record.getMessage()
    assert "【Tian】已答复" in record.getMessage()
