"""The audit log page shows where each event came from and how it ended, and filters."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD, login
from tian.audit.events import EventType

pytestmark = pytest.mark.django_db


def test_the_log_shows_the_source_address_and_the_outcome(client: Any, personas: Any) -> None:
    client.post(
        reverse("login"), {"username": "office", "password": "wrong"}, REMOTE_ADDR="198.51.100.23"
    )
    login(client, personas.auditadmin)

    page = client.get(reverse("audit-log")).content.decode()

    assert "198.51.100.23" in page
    assert "登录失败" in page and "失败" in page


def test_the_log_filters_by_type_and_by_outcome(client: Any, personas: Any) -> None:
    client.post(reverse("login"), {"username": "office", "password": "wrong"})
    client.post(reverse("login"), {"username": "member", "password": PASSWORD})
    login(client, personas.auditadmin)
    url = reverse("audit-log")

    failures = client.get(url, {"outcome": "failure"}).context["page"].object_list
    logins = client.get(url, {"type": EventType.LOGIN}).context["page"].object_list

    assert {e.event_type for e in failures} == {EventType.LOGIN_FAILED}
    assert {e.actor_username for e in logins} == {"member", "auditadmin"}


def test_the_log_names_a_deleted_actor_by_the_username_written(client: Any, personas: Any) -> None:
    client.post(reverse("login"), {"username": "cosigner", "password": PASSWORD})
    personas.cosigner.delete()
    login(client, personas.auditadmin)

    page = client.get(reverse("audit-log"), {"type": EventType.LOGIN}).content.decode()

    assert "cosigner" in page
