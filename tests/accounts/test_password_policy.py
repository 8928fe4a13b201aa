"""Password and session rules (等保三级): complexity, history, expiry, forced change, timeout."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD
from tian.audit.events import EventType
from tian.audit.models import AuditEvent
from tian.demo.seed_data import DEMO_PASSWORD
from tian.directory.account_actions import reset_password

pytestmark = pytest.mark.django_db

CHANGE_URL = reverse("password-change")


def change(client, old: str, new: str):
    return client.post(
        CHANGE_URL, {"old_password": old, "new_password1": new, "new_password2": new}
    )


def sign_in(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.mark.parametrize(
    "password",
    ["tiantian", "tiantian2022", "Tiantian2", "abcdefghijk1", "ABCDEFGH-IJK"],
)
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize("password", ["Tiantian2022", "tiantian-2022", DEMO_PASSWORD, PASSWORD])
def test_ten_characters_of_three_kinds_pass(password):
    validate_password(password)


def test_the_password_page_refuses_tiantian_and_keeps_the_old_password(client, personas):
    client.force_login(personas.member)

    response = change(client, PASSWORD, "tiantian")

    assert response.status_code == 200
    assert "三类" in response.content.decode()
    personas.member.refresh_from_db()
    assert personas.member.check_password(PASSWORD)


def test_the_password_page_changes_the_password_and_records_it(client, personas):
    client.force_login(personas.member)

    response = change(client, PASSWORD, "Xin-mima-2026")

    assert response.status_code == 302
    personas.member.refresh_from_db()
    assert personas.member.check_password("Xin-mima-2026")
    assert AuditEvent.objects.filter(
        event_type=EventType.PASSWORD_CHANGED, actor=personas.member
    ).exists()
    # Still signed in after the change.
    assert client.get(reverse("account")).status_code == 200


def test_none_of_the_last_five_passwords_may_be_used_again(client, personas):
    client.force_login(personas.member)
    previous = PASSWORD
    for n in range(1, 5):
        new = f"Mima-{n}-2026x"
        assert change(client, previous, new).status_code == 302
        previous = new

    again = change(client, previous, PASSWORD)

    assert again.status_code == 200
    assert "最近 5 次" in again.content.decode()
    assert change(client, previous, "Mima-5-2026x").status_code == 302
    # Six changes on, the first password is out of the history.
    assert change(client, "Mima-5-2026x", PASSWORD).status_code == 302


def test_a_password_older_than_ninety_days_sends_the_user_to_change_it(client, personas):
    client.force_login(personas.member)
    assert client.get(reverse("worklist")).status_code == 200

    with time_machine.travel(timezone.now() + timedelta(days=91)):
        client.force_login(personas.member)
        response = client.get(reverse("worklist"))
        page = client.get(CHANGE_URL).content.decode()

    assert response.status_code == 302
    assert response.url == CHANGE_URL
    assert "已过期" in page


def test_an_administrators_password_must_be_changed_at_first_login(client, personas):
    reset_password(personas.sysadmin, personas.member, "Guanli-2026x")

    signed_in = sign_in(client, "member", "Guanli-2026x")
    blocked = client.get(reverse("worklist"))
    page = client.get(CHANGE_URL).content.decode()
    changed = change(client, "Guanli-2026x", "Benren-2026x")
    allowed = client.get(reverse("worklist"))

    assert signed_in.status_code == 302
    assert blocked.status_code == 302 and blocked.url == CHANGE_URL
    assert "管理员设置" in page
    assert changed.status_code == 302
    assert allowed.status_code == 200


def test_accounts_made_in_code_are_not_forced_to_change(client, personas):
    client.force_login(personas.clerk)

    assert client.get(reverse("worklist")).status_code == 200


def test_demo_accounts_are_exempt_from_the_forced_change_and_expiry(client, personas):
    personas.member.is_demo_account = True
    personas.member.must_change_password = True
    personas.member.save()

    with time_machine.travel(timezone.now() + timedelta(days=400)):
        client.force_login(personas.member)
        response = client.get(reverse("worklist"))

    assert response.status_code == 200


def test_a_session_ends_after_thirty_idle_minutes_and_each_request_renews_it(client, personas):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        sign_in(client, "member", PASSWORD)
        clock.shift(timedelta(minutes=25))
        assert client.get(reverse("worklist")).status_code == 200
        clock.shift(timedelta(minutes=25))
        assert client.get(reverse("worklist")).status_code == 200
        clock.shift(timedelta(minutes=31))
        response = client.get(reverse("worklist"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
