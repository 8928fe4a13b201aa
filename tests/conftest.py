"""Shared fixtures: a small session and named personas, one per role (DESIGN §4)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tian.directory.models import (
    Body,
    Collective,
    Leader,
    Member,
    Role,
    RoleAssignment,
    Session,
    Term,
    Unit,
    User,
)
from tian.handling.models import Grade, StatClass
from tian.proposals.models import Category

PASSWORD = "test-pass-2022"


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    # Real hashing costs a third of a second a user; tests make dozens of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def body(db: Any) -> Body:
    return Body.objects.create(
        name="测试区政协", full_name="政协测试区委员会", kind=Body.Kind.CPPCC
    )


@pytest.fixture
def session(body: Body) -> Session:
    return build_session(body)


def build_session(body: Body) -> Session:
    """五届一次会议 (2022) of `body`, with the seed's four categories and three grades."""
    term = Term.objects.create(body=body, name="第五届", ordinal=5)
    session = Session.objects.create(
        body=body, term=term, name="五届一次会议", slug="test-2022", year=2022
    )
    for order, name in enumerate(
        ["经济发展类", "城乡建设管理类", "社会事业类", "社会治理及其他类"]
    ):
        Category.objects.create(session=session, name=name, order=order)
    for order, (code, label, stat) in enumerate(
        [
            ("A", "已解决或基本解决", StatClass.RESOLVED),
            ("B", "正在解决或列入计划逐步解决", StatClass.IN_PROGRESS),
            ("C", "留作参考", StatClass.REFERENCE),
        ]
    ):
        Grade.objects.create(session=session, code=code, label=label, stat_class=stat, order=order)
    return session


@pytest.fixture
def unit(db: Any) -> Unit:
    return Unit.objects.create(name="区人力资源和社会保障局", short_name="人社局")


@pytest.fixture
def other_unit(db: Any) -> Unit:
    return Unit.objects.create(name="区商务局", short_name="商务局")


def make_user(username: str, role: str | None, **extra: Any) -> User:
    unit = extra.pop("unit", None)
    user = User.objects.create_user(username=username, password=PASSWORD, **extra)
    if role:
        RoleAssignment.objects.create(user=user, role=role, unit=unit)
    return User.objects.get(pk=user.pk)


def login(client: Any, user: User) -> None:
    """force_login, with a verified second factor (动态口令) for the admin trio and superusers."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    if user.holds_admin_role or user.is_superuser:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        device = device or TOTPDevice.objects.create(user=user, name="测试", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


@dataclass
class Personas:
    """One person per role, named after what they do."""

    clerk: User
    office: User
    unit_clerk: User
    unit_head: User
    co_clerk: User
    co_head: User
    member: User
    cosigner: User
    collective: User
    leader: User
    sysadmin: User
    secadmin: User
    auditadmin: User

    def items(self) -> list[tuple[str, User]]:
        return list(vars(self).items())


@pytest.fixture
def personas(session: Session, unit: Unit) -> Personas:
    return build_personas(session, unit)


def build_personas(session: Session, unit: Unit) -> Personas:
    """The personas of `session`'s body; `unit` is the lead unit, 区财政局 the co-unit."""
    body = session.body
    co_unit = Unit.objects.get_or_create(name="区财政局", defaults={"short_name": "财政局"})[0]
    member = Member.objects.create(body=body, name="王晓明", sector="经济界")
    cosigner = Member.objects.create(body=body, name="李红", sector="教育界")
    collective = Collective.objects.create(body=body, name="民盟", collective_kind="party")
    leader = Leader.objects.create(name="赵国强", title="副区长", organisation="gov")
    return Personas(
        clerk=make_user("clerk", Role.CPPCC_STAFF, display_name="提案委张干事"),
        office=make_user("office", Role.GOV_OFFICE, display_name="督查室刘科长"),
        unit_clerk=make_user("unitclerk", Role.UNIT_STAFF, unit=unit, display_name="人社局联络员"),
        unit_head=make_user("unithead", Role.UNIT_LEADER, unit=unit, display_name="人社局局长"),
        co_clerk=make_user("coclerk", Role.UNIT_STAFF, unit=co_unit, display_name="财政局联络员"),
        co_head=make_user("cohead", Role.UNIT_LEADER, unit=co_unit, display_name="财政局局长"),
        member=make_user("member", Role.MEMBER, proposer=member, display_name="王晓明"),
        cosigner=make_user("cosigner", Role.MEMBER, proposer=cosigner, display_name="李红"),
        collective=make_user(
            "minmeng", Role.MEMBER, proposer=collective, display_name="民盟联络人"
        ),
        leader=make_user("leader", Role.LEADER, leader=leader, display_name="赵国强"),
        sysadmin=make_user("sysadmin", Role.SYSTEM_ADMIN),
        secadmin=make_user("secadmin", Role.SECURITY_ADMIN),
        auditadmin=make_user("auditadmin", Role.AUDIT_ADMIN),
    )
