"""`/healthz` tells a monitor whether the server can work, without a login or a leak."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tian.audit.models import AuditEvent
from tian.ops import health
from tian.supervision.reminders.tasks import send_reminders

pytestmark = pytest.mark.django_db


def test_a_healthy_server_answers_200_with_every_check_ok_to_anyone(client: Any) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "migrations", "tasks", "media"}
    assert all(check["status"] == "ok" for check in body["checks"].values())
    assert body["checks"]["migrations"]["pending"] == 0
    assert "no-store" in response["Cache-Control"]


def test_the_health_check_writes_nothing(client: Any) -> None:
    before = AuditEvent.objects.count()

    client.get("/healthz")

    assert AuditEvent.objects.count() == before
    assert not client.cookies.get("sessionid")


def test_it_refuses_to_be_posted_to(client: Any) -> None:
    assert client.post("/healthz").status_code == 405


def test_a_task_waiting_too_long_fails_the_check(client: Any, settings: Any) -> None:
    settings.TIAN_HEALTH_TASK_MAX_AGE_SECONDS = 600
    result = send_reminders.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(
        enqueued_at=timezone.now() - timedelta(minutes=20)
    )

    response = client.get("/healthz")

    assert response.status_code == 503
    tasks = response.json()["checks"]["tasks"]
    assert tasks["status"] == "fail"
    assert tasks["oldest_seconds"] >= 1200


def test_too_little_disk_for_uploads_fails_the_check(client: Any, settings: Any) -> None:
    settings.TIAN_HEALTH_MIN_FREE_MB = 10**12

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["media"]["status"] == "fail"


def test_a_database_failure_answers_503_without_saying_why(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> health.Check:
        raise OperationalError('could not connect to server at "db.internal" password=s3cret')

    monkeypatch.setitem(health.CHECKS, "database", broken)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {"status": "fail"}
    assert b"db.internal" not in response.content
    assert b"s3cret" not in response.content
