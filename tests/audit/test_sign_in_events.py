"""Signing in, failing to, signing out and being locked out are recorded with the address
the request came from and their outcome."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from tian.audit.events import EventType
from tian.audit.models import AuditEvent, Outcome

pytestmark = pytest.mark.django_db
ADDRESS = "203.0.113.7"


def login(client: Any, username: str, password: str, **extra: Any) -> Any:
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ADDRESS, **extra
    )


def test_a_login_is_recorded_with_the_source_address(client: Any, personas: Any) -> None:
    assert login(client, "office", PASSWORD).status_code == 302

    event = AuditEvent.objects.get(event_type=EventType.LOGIN)
    assert event.actor_id == personas.office.pk
    assert event.actor_username == "office"
    assert event.ip == ADDRESS
    assert event.outcome == Outcome.SUCCESS


def test_a_failed_login_records_the_username_tried_and_never_the_password(
    client: Any, personas: Any
) -> None:
    login(client, "office", "wrong-secret-123")

    event = AuditEvent.objects.get(event_type=EventType.LOGIN_FAILED)
    assert event.outcome == Outcome.FAILURE
    assert event.ip == ADDRESS
    assert event.data == {"username": "office"}
    assert "wrong-secret-123" not in f"{event.message}{event.data}"


def test_a_logout_is_recorded(client: Any, personas: Any) -> None:
    login(client, "member", PASSWORD)

    client.post(reverse("logout"), REMOTE_ADDR=ADDRESS)

    event = AuditEvent.objects.get(event_type=EventType.LOGOUT)
    assert (event.actor_username, event.ip) == ("member", ADDRESS)


def test_a_lockout_is_recorded(client: Any, personas: Any, settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        login(client, "unitclerk", "nope-nope-nope")

    event = AuditEvent.objects.get(event_type=EventType.LOCKED_OUT)
    assert event.outcome == Outcome.FAILURE
    assert event.data == {"username": "unitclerk"}
    assert event.ip == ADDRESS


def test_forwarded_for_is_ignored_from_an_untrusted_peer(client: Any, personas: Any) -> None:
    login(client, "office", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.1")

    assert AuditEvent.objects.get(event_type=EventType.LOGIN).ip == ADDRESS


def test_forwarded_for_is_believed_from_a_trusted_proxy(
    client: Any, personas: Any, settings: Any
) -> None:
    settings.TIAN_TRUSTED_PROXIES = ["203.0.113.0/24"]

    login(client, "office", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9")

    assert AuditEvent.objects.get(event_type=EventType.LOGIN).ip == "198.51.100.1"
