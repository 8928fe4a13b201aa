"""Granting and revoking roles (授予角色): the security admin, never to themselves, 三员分立."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.conftest import login
from tian.audit.events import EventType
from tian.audit.models import AuditEvent
from tian.directory.account_actions import grant_role, revoke_role
from tian.directory.models import Role, RoleAssignment, User

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:directory_roleassignment_add")


def grant_in_admin(client, user: User, role: str, unit=None):
    data = {"user": user.pk, "role": role, "unit": unit.pk if unit else "", "_save": "保存"}
    return client.post(ADD_URL, data)


def test_security_admin_grants_a_role_in_the_admin_and_the_audit_says_who_to_whom(client, personas):
    newcomer = User.objects.create_user("xinren", password="Xin-mima-2026")
    login(client, personas.secadmin)

    response = grant_in_admin(client, newcomer, Role.GOV_OFFICE)

    assert response.status_code == 302
    assert newcomer.role_assignments.get().role == Role.GOV_OFFICE
    event = AuditEvent.objects.get(event_type=EventType.ROLE_GRANTED)
    assert event.actor == personas.secadmin
    assert (event.data["username"], event.data["role"]) == ("xinren", Role.GOV_OFFICE)


def test_security_admin_cannot_grant_themselves_a_working_or_admin_role(client, personas):
    login(client, personas.secadmin)

    for role in (Role.GOV_OFFICE, Role.AUDIT_ADMIN):
        response = grant_in_admin(client, personas.secadmin, role)
        assert response.status_code == 200
        assert "不能授予自己" in response.content.decode()

    assert set(personas.secadmin.role_assignments.values_list("role", flat=True)) == {
        Role.SECURITY_ADMIN
    }
    assert not AuditEvent.objects.filter(event_type=EventType.ROLE_GRANTED).exists()


def test_a_second_admin_role_on_one_account_is_refused(client, personas):
    login(client, personas.secadmin)

    response = grant_in_admin(client, personas.sysadmin, Role.AUDIT_ADMIN)

    assert response.status_code == 200
    assert "只能担任一个管理员角色" in response.content.decode()
    assert not personas.sysadmin.role_assignments.filter(role=Role.AUDIT_ADMIN).exists()


def test_an_admin_role_beside_a_working_role_is_refused_both_ways(client, personas):
    login(client, personas.secadmin)

    to_clerk = grant_in_admin(client, personas.clerk, Role.SYSTEM_ADMIN)
    to_admin = grant_in_admin(client, personas.auditadmin, Role.GOV_OFFICE)

    assert "不能与业务角色" in to_clerk.content.decode()
    assert "管理员账号不能担任业务角色" in to_admin.content.decode()
    assert not personas.clerk.role_assignments.filter(role=Role.SYSTEM_ADMIN).exists()
    assert not personas.auditadmin.role_assignments.filter(role=Role.GOV_OFFICE).exists()


def test_system_admin_cannot_open_the_role_grants(client, personas):
    login(client, personas.sysadmin)

    assert client.get(ADD_URL).status_code == 403
    assert grant_in_admin(client, personas.sysadmin, Role.GOV_OFFICE).status_code == 403
    assert not personas.sysadmin.role_assignments.filter(role=Role.GOV_OFFICE).exists()


def test_security_admin_revokes_a_role_in_the_admin_and_it_is_recorded(client, personas):
    assignment = personas.office.role_assignments.get()
    login(client, personas.secadmin)

    url = reverse("admin:directory_roleassignment_delete", args=[assignment.pk])
    response = client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not personas.office.role_assignments.exists()
    event = AuditEvent.objects.get(event_type=EventType.ROLE_REVOKED)
    assert (event.actor, event.data["username"]) == (personas.secadmin, "office")


def test_security_admin_cannot_revoke_their_own_role(client, personas):
    assignment = personas.secadmin.role_assignments.get()
    login(client, personas.secadmin)

    url = reverse("admin:directory_roleassignment_delete", args=[assignment.pk])

    assert client.post(url, {"post": "yes"}).status_code == 403
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_a_granted_admin_role_gives_admin_site_access_and_a_revoked_one_takes_it(personas):
    newcomer = User.objects.create_user("xinren", password="Xin-mima-2026")

    assignment = grant_role(personas.secadmin, newcomer, Role.AUDIT_ADMIN)
    newcomer.refresh_from_db()
    assert newcomer.is_staff
    revoke_role(personas.secadmin, assignment)
    newcomer.refresh_from_db()
    assert not newcomer.is_staff


def test_the_rules_hold_outside_the_admin_too(personas):
    with pytest.raises(PermissionDenied):
        grant_role(personas.secadmin, personas.secadmin, Role.GOV_OFFICE)
    with pytest.raises(PermissionDenied):
        grant_role(personas.sysadmin, personas.clerk, Role.GOV_OFFICE)
    with pytest.raises(ValidationError):
        RoleAssignment.objects.create(user=personas.sysadmin, role=Role.AUDIT_ADMIN)
    with pytest.raises(ValidationError):
        RoleAssignment.objects.create(user=personas.clerk, role=Role.SECURITY_ADMIN)
