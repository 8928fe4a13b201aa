"""The admin's account pages, per admin role (三员分立): what each sees and may change."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.accounts.conftest import password_url, user_change_url, user_form_data
from tests.conftest import PASSWORD, login
from tian.audit.events import EventType
from tian.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PRIVILEGES = ('name="is_superuser"', 'name="is_staff"', 'name="groups"', 'name="user_permissions"')
NEW_PASSWORD = "Xin-mima-2026"


def test_system_admin_sees_no_privilege_fields_on_a_users_form(client, personas):
    login(client, personas.sysadmin)

    page = client.get(user_change_url(personas.clerk)).content.decode()

    assert 'name="display_name"' in page
    for field in PRIVILEGES:
        assert field not in page


def test_system_admin_cannot_make_a_working_account_superuser_by_posting_the_field(
    client, personas
):
    login(client, personas.sysadmin)

    data = user_form_data(personas.clerk, display_name="张干事", is_superuser="on", is_staff="on")
    response = client.post(user_change_url(personas.clerk), data)

    assert response.status_code == 302
    personas.clerk.refresh_from_db()
    assert personas.clerk.display_name == "张干事"
    assert not personas.clerk.is_superuser
    assert not personas.clerk.is_staff
    event = AuditEvent.objects.get(event_type=EventType.ACCOUNT_CHANGED)
    assert event.actor == personas.sysadmin
    assert event.data["fields"] == ["display_name"]


def test_system_admin_cannot_edit_their_own_account(client, personas):
    login(client, personas.sysadmin)

    page = client.get(user_change_url(personas.sysadmin)).content.decode()
    response = client.post(
        user_change_url(personas.sysadmin), user_form_data(personas.sysadmin, is_superuser="on")
    )

    assert 'name="_save"' not in page
    assert response.status_code == 403
    personas.sysadmin.refresh_from_db()
    assert not personas.sysadmin.is_superuser


@pytest.mark.parametrize("target", ["secadmin", "auditadmin"])
def test_system_admin_cannot_edit_or_deactivate_an_admin_account(client, personas, target):
    account = getattr(personas, target)
    login(client, personas.sysadmin)

    data = user_form_data(account)
    del data["is_active"]
    response = client.post(user_change_url(account), data)

    assert response.status_code == 403
    account.refresh_from_db()
    assert account.is_active


def test_system_admin_cannot_reach_an_admin_accounts_password_form(client, personas):
    login(client, personas.sysadmin)

    page = client.get(user_change_url(personas.auditadmin)).content.decode()
    response = client.post(
        password_url(personas.auditadmin), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert "password/" not in page
    assert client.get(password_url(personas.auditadmin)).status_code == 403
    assert response.status_code == 403
    personas.auditadmin.refresh_from_db()
    assert personas.auditadmin.check_password(PASSWORD)


def test_system_admin_resets_a_working_accounts_password_which_must_then_be_changed(
    client, personas
):
    login(client, personas.sysadmin)

    response = client.post(
        password_url(personas.clerk), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert response.status_code == 302
    personas.clerk.refresh_from_db()
    assert personas.clerk.check_password(NEW_PASSWORD)
    assert personas.clerk.must_change_password
    event = AuditEvent.objects.get(event_type=EventType.PASSWORD_RESET)
    assert (event.actor, event.data["username"]) == (personas.sysadmin, "clerk")


def test_an_administrator_cannot_set_a_weak_password(client, personas):
    login(client, personas.sysadmin)

    response = client.post(
        password_url(personas.clerk), {"password1": "tiantian", "password2": "tiantian"}
    )

    assert response.status_code == 200
    assert "密码" in response.content.decode()
    personas.clerk.refresh_from_db()
    assert personas.clerk.check_password(PASSWORD)


def test_security_admin_resets_the_audit_admins_password(client, personas):
    login(client, personas.secadmin)

    assert client.get(password_url(personas.auditadmin)).status_code == 200
    response = client.post(
        password_url(personas.auditadmin), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert response.status_code == 302
    personas.auditadmin.refresh_from_db()
    assert personas.auditadmin.check_password(NEW_PASSWORD)
    assert personas.auditadmin.must_change_password


def test_security_admin_cannot_reset_their_own_password_or_a_working_accounts(client, personas):
    login(client, personas.secadmin)

    assert client.get(password_url(personas.secadmin)).status_code == 403
    assert client.get(password_url(personas.clerk)).status_code == 403


def test_security_admin_reads_accounts_but_cannot_change_them(client, personas):
    login(client, personas.secadmin)

    page = client.get(user_change_url(personas.clerk)).content.decode()
    response = client.post(user_change_url(personas.clerk), user_form_data(personas.clerk))

    assert 'name="_save"' not in page
    for field in PRIVILEGES:
        assert field not in page
    assert response.status_code == 403


def test_audit_admin_reads_the_audit_log_and_nothing_of_accounts(client, personas):
    login(client, personas.auditadmin)

    assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:directory_user_changelist")).status_code == 403
    assert client.get(user_change_url(personas.clerk)).status_code == 403
    assert client.get(reverse("admin:directory_roleassignment_add")).status_code == 403


def test_system_admin_creates_an_account_whose_password_must_be_changed(client, personas):
    login(client, personas.sysadmin)

    response = client.post(
        reverse("admin:directory_user_add"),
        {
            "username": "xinren",
            "usable_password": "true",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "_save": "保存",
        },
    )

    assert response.status_code == 302
    from tian.directory.models import User

    account = User.objects.get(username="xinren")
    assert account.must_change_password
    assert not account.is_staff and not account.is_superuser
    assert AuditEvent.objects.filter(event_type=EventType.ACCOUNT_CREATED).count() == 1


def test_a_superuser_still_sees_and_sets_privileges(client, personas):
    from tian.directory.models import User

    root = User.objects.create_superuser("root", password=PASSWORD)
    client.force_login(root)
    assert client.get(user_change_url(personas.clerk)).status_code == 302  # a code first
    login(client, root)

    page = client.get(user_change_url(personas.clerk)).content.decode()

    for field in PRIVILEGES:
        assert field in page
