"""End to end with the real queue: notify in a transaction, then the database worker delivers."""

from __future__ import annotations

import signal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from tian.notifications.actions import notify

HANDLED_SIGNALS = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]


@pytest.fixture
def restore_signals() -> Any:
    # The worker installs its own shutdown handlers; give pytest its own back afterwards.
    saved = {sig: signal.getsignal(sig) for sig in HANDLED_SIGNALS}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_delivers_a_committed_notification(
    reachable: Any,
    database_tasks: None,
    mailoutbox: list,
    sms_outbox: list,
    restore_signals: None,
) -> None:
    with transaction.atomic():
        [created] = notify([reachable.member], kind="replied", title="第69号提案已答复")
    assert mailoutbox == []
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0, stdout=StringIO())
    [mail] = mailoutbox
    assert mail.to == ["wangxm@example.cn"]
    assert sms_outbox == [("13800000001", "【提案办理】第69号提案已答复。详情请登录提案办理平台。")]
    created.refresh_from_db()
    assert created.emailed_at is not None
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
