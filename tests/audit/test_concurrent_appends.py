"""Two writers appending at once never fork the chain: appends queue on the chain's head."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from tian.audit.actions import record_event
from tian.audit.events import EventType
from tian.audit.models import AuditEvent

from .conftest import verify


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises every write transaction already; CI runs this on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_writers_appending_at_once_leave_one_unbroken_chain() -> None:
    record_event(None, EventType.SESSION_CREATED, message="起点")
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def writer(name: str) -> None:
        try:
            start.wait()
            for n in range(15):
                with transaction.atomic():
                    record_event(None, EventType.SESSION_CREATED, message=f"{name}{n}")
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(name,)) for name in "甲乙"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert AuditEvent.objects.count() == 31
    assert "共 31 条事件,哈希链无断点" in verify()
