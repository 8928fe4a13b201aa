"""Fixtures for notifications: tasks run at once, texts kept in memory, people with contacts."""

from __future__ import annotations

from typing import Any

import pytest

from tian.notifications import sms

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def sms_outbox(settings: Any) -> list[tuple[str, str]]:
    """Text messages sent during the test, as (phone, text)."""
    settings.TIAN_SMS_BACKEND = "tian.notifications.sms.MemorySmsBackend"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


@pytest.fixture
def immediate_tasks(settings: Any) -> None:
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture
def database_tasks(settings: Any) -> None:
    settings.TASKS = DATABASE_TASKS


@pytest.fixture
def reachable(personas: Any) -> Any:
    """The member and the unit clerk, with an email address and a mobile number each."""
    for user, email, phone in [
        (personas.member, "wangxm@example.cn", "13800000001"),
        (personas.unit_clerk, "rsj@example.cn", "13800000002"),
    ]:
        user.email, user.phone = email, phone
        user.save(update_fields=["email", "phone"])
    return personas
