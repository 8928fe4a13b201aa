"""Second factor (动态口令, TOTP): required of the admin trio, optional for everyone else."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import login
from tian.audit.events import EventType
from tian.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

SETUP_URL = reverse("otp-setup")
VERIFY_URL = reverse("otp-verify")
ADMIN_URL = reverse("admin:index")


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def enrol(client) -> tuple[TOTPDevice, str]:
    """Go through the enrolment pages; return the device and the page of recovery codes."""
    client.post(SETUP_URL, {"start": "1"})
    device = TOTPDevice.objects.get(confirmed=False)
    page = client.post(SETUP_URL, {"token": code_for(device)}).content.decode()
    device.refresh_from_db()
    return device, page


@pytest.mark.parametrize("who", ["sysadmin", "secadmin", "auditadmin"])
def test_an_admin_without_a_second_factor_is_sent_to_enrol_before_the_admin(client, personas, who):
    client.force_login(getattr(personas, who))

    response = client.get(ADMIN_URL)

    assert response.status_code == 302
    assert response.url.startswith(SETUP_URL)


def test_the_audit_admin_needs_the_second_factor_for_the_audit_log_too(client, personas):
    client.force_login(personas.auditadmin)

    assert client.get(reverse("audit-log")).status_code == 302


def test_enrolment_shows_a_qr_code_and_the_secret_then_recovery_codes_once(client, personas):
    client.force_login(personas.sysadmin)
    before = client.get(SETUP_URL)
    assert not TOTPDevice.objects.exists()  # a GET writes nothing

    client.post(SETUP_URL, {"start": "1"})
    scan = client.get(SETUP_URL).content.decode()
    device = TOTPDevice.objects.get(user=personas.sysadmin, confirmed=False)
    wrong = client.post(SETUP_URL, {"token": "000000" if code_for(device) != "000000" else "1"})
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code makes the next one wait a second
    done = client.post(SETUP_URL, {"token": code_for(device)}).content.decode()

    assert before.status_code == 200
    assert "<svg" in scan and "开始绑定" not in scan
    assert re.search(r"[A-Z2-7]{32}", scan)
    assert "不正确" in wrong.content.decode()
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", done)
    assert len(codes) == 10
    assert "只显示这一次" in done
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(ADMIN_URL).status_code == 200
    assert AuditEvent.objects.filter(
        event_type=EventType.OTP_ENROLLED, actor=personas.sysadmin
    ).exists()
    assert codes[0] not in client.get(reverse("account")).content.decode()


def test_an_enrolled_admin_gives_a_code_after_the_password(client, personas):
    client.force_login(personas.secadmin)
    device, _ = enrol(client)
    client.logout()

    client.force_login(personas.secadmin)
    sent = client.get(ADMIN_URL)
    refused = client.post(VERIFY_URL, {"token": "12345"})
    device.refresh_from_db()
    device.throttle_reset()
    device.last_t = -1  # the enrolment used this time step's code
    device.save()
    accepted = client.post(VERIFY_URL, {"token": code_for(device), "next": ADMIN_URL})

    assert sent.status_code == 302 and sent.url.startswith(VERIFY_URL)
    assert "不正确" in refused.content.decode()
    assert accepted.status_code == 302 and accepted.url == ADMIN_URL
    assert client.get(ADMIN_URL).status_code == 200


def test_a_recovery_code_works_once(client, personas):
    client.force_login(personas.sysadmin)
    _, page = enrol(client)
    code = re.findall(r"<li><code>([a-z0-9]+)</code></li>", page)[0]

    client.logout()
    client.force_login(personas.sysadmin)
    first = client.post(VERIFY_URL, {"token": code})
    client.logout()
    client.force_login(personas.sysadmin)
    second = client.post(VERIFY_URL, {"token": code})

    assert first.status_code == 302
    assert second.status_code == 200
    assert client.get(ADMIN_URL).status_code == 302


def test_an_unverified_session_cannot_replace_the_authenticator(client, personas):
    client.force_login(personas.sysadmin)
    enrol(client)
    client.logout()
    client.force_login(personas.sysadmin)

    response = client.post(SETUP_URL, {"start": "1"})

    assert response.status_code == 302 and response.url == VERIFY_URL
    assert TOTPDevice.objects.filter(user=personas.sysadmin).count() == 1


def test_a_working_user_is_not_asked_for_a_code_but_may_enrol(client, personas):
    client.force_login(personas.member)

    assert client.get(reverse("worklist")).status_code == 200
    account = client.get(reverse("account")).content.decode()
    device, page = enrol(client)

    assert "未绑定(可选)" in account
    assert device.confirmed and device.user == personas.member
    assert "只显示这一次" in page


def reset_in_admin(client, *users):
    return client.post(
        reverse("admin:directory_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [u.pk for u in users]},
    )


def test_the_security_admin_resets_a_lost_authenticator_and_it_is_recorded(client, personas):
    client.force_login(personas.sysadmin)
    enrol(client)
    login(client, personas.secadmin)

    response = reset_in_admin(client, personas.sysadmin)

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=personas.sysadmin).exists()
    event = AuditEvent.objects.get(event_type=EventType.OTP_REMOVED)
    assert (event.actor, event.data["username"]) == (personas.secadmin, "sysadmin")


def test_nobody_else_resets_an_authenticator_and_nobody_their_own(client, personas):
    client.force_login(personas.auditadmin)
    enrol(client)
    login(client, personas.sysadmin)
    by_sysadmin = reset_in_admin(client, personas.auditadmin)
    login(client, personas.secadmin)
    own = reset_in_admin(client, personas.secadmin)

    assert by_sysadmin.status_code == 200  # the action is not offered to the system admin
    assert TOTPDevice.objects.filter(user=personas.auditadmin, confirmed=True).exists()
    assert TOTPDevice.objects.filter(user=personas.secadmin).exists()
    assert "不能重置自己的动态口令" in client.get(own.url).content.decode()
    assert not AuditEvent.objects.filter(event_type=EventType.OTP_REMOVED).exists()
