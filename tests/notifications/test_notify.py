"""notify(): one inbox row per person, delivery enqueued once and only after the commit."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from tian.notifications.actions import notify
from tian.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_notify_creates_one_row_per_distinct_recipient(
    personas: Any, immediate_tasks: None
) -> None:
    with transaction.atomic():
        created = notify(
            [personas.member, personas.unit_clerk, personas.member, None],
            kind="assigned",
            title="第69号提案已交办",
        )
    assert len(created) == 2
    assert sorted(Notification.objects.values_list("recipient__username", flat=True)) == [
        "member",
        "unitclerk",
    ]


def test_notify_skips_inactive_accounts(personas: Any, immediate_tasks: None) -> None:
    personas.cosigner.is_active = False
    personas.cosigner.save(update_fields=["is_active"])
    created = notify([personas.cosigner], kind="assigned", title="第69号提案已交办")
    assert created == []
    assert not Notification.objects.exists()


def test_nothing_is_delivered_when_the_transaction_rolls_back(
    reachable: Any,
    immediate_tasks: None,
    mailoutbox: list,
    sms_outbox: list,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify([reachable.member], kind="assigned", title="第69号提案已交办")
        raise RuntimeError("the change failed")
    assert callbacks == []
    assert not Notification.objects.exists()
    assert mailoutbox == []
    assert sms_outbox == []


def test_notify_enqueues_one_delivery_task_for_all_recipients_after_commit(
    reachable: Any,
    database_tasks: None,
    mailoutbox: list,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        created = notify([reachable.member, reachable.unit_clerk], kind="assigned", title="已交办")
        assert not DBTaskResult.objects.exists()
    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == "tian.notifications.tasks.deliver_notifications"
    assert sorted(queued.args_kwargs["args"][0]) == sorted(n.pk for n in created)
    # Queued, not run: the request that caused it sends nothing.
    assert mailoutbox == []


def test_an_overlong_title_is_shortened_to_fit(personas: Any) -> None:
    [created] = notify([personas.member], kind="handling", title="第1号" + "关于" * 150)
    created.refresh_from_db()
    assert len(created.title) == 200
    assert created.title.endswith("…")
