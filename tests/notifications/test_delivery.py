"""deliver_notifications: email and SMS, each sent once, marked, and retried only after failure."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse

from tian.notifications.actions import notify
from tian.notifications.models import Notification
from tian.notifications.sms import NOTICE, TODO, BaseSmsBackend
from tian.notifications.tasks import DeliveryFailed, deliver_notifications

pytestmark = pytest.mark.django_db


class BrokenSmsBackend(BaseSmsBackend):
    def send(self, phone: str, template: Any, params: dict[str, str]) -> None:
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
    assert sms_outbox == [("13800000001", "【提案办理】第69号提案已答复。详情请登录提案办理平台。")]
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
    assert sms_outbox == [("13800000001", "【提案办理】已答复。详情请登录提案办理平台。")]


def test_the_email_links_to_the_page_on_the_configured_site(
    reachable: Any, settings: Any, mailoutbox: list
) -> None:
    settings.TIAN_SITE_URL = "https://tian.example.gov.cn/"
    [created] = notify([reachable.member], kind="replied", title="已答复", url="/proposals/7/")
    deliver_notifications.call([created.pk])
    assert "https://tian.example.gov.cn/proposals/7/" in mailoutbox[0].body


def test_a_long_title_is_shortened_to_one_text_message(reachable: Any, sms_outbox: list) -> None:
    [created] = notify(
        [reachable.member],
        kind="replied",
        title="关于" * 60,
        action="评价",
        due_on=date(2022, 12, 18),
    )
    deliver_notifications.call([created.pk])
    [(_phone, text)] = sms_outbox
    assert len(text) <= 70  # one segment of a Chinese text message
    assert "关于关于…,请于12月18日前评价。" in text


def test_a_message_that_asks_for_something_says_what_and_by_when_everywhere(
    reachable: Any, client: Any, mailoutbox: list, sms_outbox: list
) -> None:
    [created] = notify(
        [reachable.member],
        kind="replied",
        title="第69号提案已答复",
        action="评价",
        due_on=date(2022, 12, 18),
    )
    deliver_notifications.call([created.pk])

    assert sms_outbox == [
        ("13800000001", "【提案办理】第69号提案已答复,请于12月18日前评价。详情请登录提案办理平台。")
    ]
    assert "请于12月18日前评价。" in mailoutbox[0].body
    client.force_login(reachable.member)
    assert "请于12月18日前评价" in client.get(reverse("inbox")).content.decode()


def test_a_person_who_turned_a_channel_off_is_not_told_that_way(
    reachable: Any, mailoutbox: list, sms_outbox: list
) -> None:
    reachable.member.notify_by_sms = False
    reachable.member.save()
    [created] = notify([reachable.member], kind="replied", title="已答复")

    deliver_notifications.call([created.pk])

    assert (len(mailoutbox), sms_outbox) == (1, [])


def test_each_template_is_registered_under_the_code_the_operator_gives(settings: Any) -> None:
    settings.TIAN_SMS_TEMPLATE_CODES = {"tian_todo": "SMS_270105"}
    assert TODO.code == "SMS_270105"
    assert NOTICE.code == "tian_notice"
    assert TODO.params == ["title", "ask"]


def test_the_logging_backend_writes_the_number_and_text_to_the_sms_log(
    caplog: Any, settings: Any
) -> None:
    from tian.notifications.sms import get_sms_backend

    settings.TIAN_SMS_BACKEND = "tian.notifications.sms.LoggingSmsBackend"
    with caplog.at_level("INFO", logger="tian.sms"):
        get_sms_backend().send("13800000001", NOTICE, {"title": "已答复"})
    [record] = caplog.records
    assert record.name == "tian.sms"
    assert "13800000001" in record.getMessage()
    assert "[tian_notice]: 【提案办理】已答复。" in record.getMessage()
