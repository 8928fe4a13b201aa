"""Login lockout (登录锁定): by username and address, a limit per address, `tian unlock`."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.conftest import PASSWORD
from tian.audit.events import EventType
from tian.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.9"
OFFICE = "10.1.2.3"


def sign_in(client, username: str, password: str, address: str):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def fail(client, username: str, address: str, times: int) -> None:
    for _ in range(times):
        sign_in(client, username, "wrong-password", address)


def test_an_attacker_cannot_lock_the_security_admin_out_from_elsewhere(client, personas, settings):
    fail(client, "secadmin", ATTACKER, settings.AXES_FAILURE_LIMIT)

    at_attacker = sign_in(client, "secadmin", PASSWORD, ATTACKER)
    client.logout()
    at_office = sign_in(client, "secadmin", PASSWORD, OFFICE)

    assert at_attacker.status_code == 429
    assert at_office.status_code == 302


def test_an_address_failing_across_many_usernames_is_locked(client, personas, settings):
    settings.TIAN_LOGIN_IP_FAILURE_LIMIT = 6
    for username in ("clerk", "office", "member"):
        fail(client, username, ATTACKER, 2)

    locked = sign_in(client, "leader", PASSWORD, ATTACKER)
    elsewhere = sign_in(client, "leader", PASSWORD, OFFICE)

    assert locked.status_code == 429
    assert elsewhere.status_code == 302


def test_tian_unlock_lifts_the_lockout_and_is_audited(client, personas, settings):
    fail(client, "secadmin", OFFICE, settings.AXES_FAILURE_LIMIT)
    assert sign_in(client, "secadmin", PASSWORD, OFFICE).status_code == 429

    out = StringIO()
    call_command("unlock", "secadmin", stdout=out)

    assert "已解除 secadmin 的登录锁定" in out.getvalue()
    assert sign_in(client, "secadmin", PASSWORD, OFFICE).status_code == 302
    event = AuditEvent.objects.get(event_type=EventType.ACCOUNT_UNLOCKED)
    assert event.data["username"] == "secadmin"


def test_the_security_admin_unlocks_in_the_admin_and_the_audit_records_it(
    client, personas, settings
):
    from axes.models import AccessAttempt

    from tests.conftest import login

    fail(client, "member", OFFICE, settings.AXES_FAILURE_LIMIT)
    attempt = AccessAttempt.objects.get(username="member")
    login(client, personas.secadmin)

    url = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    response = client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    event = AuditEvent.objects.get(event_type=EventType.ACCOUNT_UNLOCKED)
    assert (event.actor, event.data["username"]) == (personas.secadmin, "member")
