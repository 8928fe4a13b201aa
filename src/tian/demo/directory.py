"""The demo directory: sessions, units, proposers, leaders and accounts, matched by natural keys."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from axes.utils import reset as reset_lockouts
from django.contrib.auth.hashers import make_password
from django.db import models

from tian.demo import seed_data as sd
from tian.demo.common import opened_on
from tian.demo.summary import AccountRow, DemoSummary, Tally
from tian.directory.admin_roles import sync_admin_access
from tian.directory.models import (
    Body,
    Leader,
    Proposer,
    Role,
    RoleAssignment,
    Session,
    Term,
    Unit,
    User,
)
from tian.directory.unit_types import guess_unit_type
from tian.handling.models import Grade, StatClass
from tian.proposals.models import Category

M = TypeVar("M", bound=models.Model)


def _sync(
    queryset: models.QuerySet[M], key: Sequence[str], rows: Iterable[dict[str, Any]]
) -> tuple[dict[tuple[Any, ...], M], Tally]:
    """Create the rows missing from `queryset` (matched on `key`) and correct the others."""
    model = queryset.model
    existing = {tuple(getattr(obj, name) for name in key): obj for obj in queryset}
    found: dict[tuple[Any, ...], M] = {}
    to_create: list[M] = []
    to_update: list[M] = []
    changed_fields: set[str] = set()
    for row in rows:
        row_key = tuple(row[name] for name in key)
        obj = existing.get(row_key)
        if obj is None:
            obj = model(**row)
            to_create.append(obj)
        else:
            changed = [name for name, value in row.items() if getattr(obj, name) != value]
            for name in changed:
                setattr(obj, name, row[name])
            if changed:
                to_update.append(obj)
                changed_fields.update(changed)
        found[row_key] = obj
    model._default_manager.bulk_create(to_create)
    if to_update:
        model._default_manager.bulk_update(to_update, sorted(changed_fields))
    return found, Tally(len(to_create), len(to_update))


def sync_sessions(summary: DemoSummary, specs: tuple[sd.Session, ...]) -> dict[str, Session]:
    """Bodies, terms and the three demo sessions with their categories and grades."""
    bodies, summary.directory["bodies"] = _sync(
        Body.objects.filter(name__in=[b.name for b in sd.BODIES]),
        ("name",),
        ({"name": b.name, "full_name": b.full_name, "kind": b.kind} for b in sd.BODIES),
    )
    body_by_slug = {b.slug: bodies[(b.name,)] for b in sd.BODIES}
    terms, _ = _sync(
        Term.objects.filter(body__in=list(body_by_slug.values())),
        ("body_id", "name"),
        (
            {"body_id": body_by_slug[s.body].pk, "name": s.term, "ordinal": s.term_ordinal}
            for s in {(s.body, s.term): s for s in specs}.values()
        ),
    )
    sessions, summary.directory["sessions"] = _sync(
        Session.objects.filter(slug__in=[s.slug for s in specs]),
        ("slug",),
        (
            {
                "slug": s.slug,
                "body_id": body_by_slug[s.body].pk,
                "term_id": terms[(body_by_slug[s.body].pk, s.term)].pk,
                "name": s.name,
                "year": s.year,
                "opened_on": opened_on(s),
                "is_open_for_submission": s.slug == specs[-1].slug,
            }
            for s in specs
        ),
    )
    by_slug = {slug: session for (slug,), session in sessions.items()}
    session_ids = [s.pk for s in by_slug.values()]
    _sync(
        Category.objects.filter(session_id__in=session_ids),
        ("session_id", "name"),
        (
            {"session_id": by_slug[s.slug].pk, "name": name, "order": order}
            for s in specs
            for order, name in enumerate(s.categories)
        ),
    )
    _sync(
        Grade.objects.filter(session_id__in=session_ids),
        ("session_id", "code"),
        (
            {
                "session_id": by_slug[s.slug].pk,
                "code": g.code,
                "label": g.label,
                "stat_class": StatClass(g.stat).value,
                "order": order,
            }
            for s in specs
            for order, g in enumerate(s.grades)
        ),
    )
    return by_slug


# The demo's units are typed by their names (承办单位类型), except where a name misleads: the
# 工商联 is no 工商局, the 商务区's committee is a development zone's, and none of the
# party committees' departments, the tax bureau or the 残联 is a type of the table.
UNIT_TYPE_BY_NAME = {
    "区工商业联合会": "",
    "锡东新城商务区管委会": "乡镇街道",
}


def demo_unit_type(name: str) -> str:
    """The department type of a demo unit."""
    return UNIT_TYPE_BY_NAME.get(name, guess_unit_type(name))


def sync_units(summary: DemoSummary) -> dict[str, Unit]:
    """The 37 handling units, by canonical name, each with its department type."""
    found, summary.directory["units"] = _sync(
        Unit.objects.filter(name__in=[u.name for u in sd.UNITS]),
        ("name",),
        (
            {
                "name": u.name,
                "short_name": u.short_name,
                "aliases": list(u.aliases),
                "kind": u.kind,
                "department_type": demo_unit_type(u.name),
                "is_active": True,
            }
            for u in sd.UNITS
        ),
    )
    return {name: unit for (name,), unit in found.items()}


def sync_proposers(summary: DemoSummary) -> dict[str, Proposer]:
    """Members and collectives of the CPPCC body, by name."""
    body = Body.objects.get(name=sd.CPPCC_BODY.name)
    rows = [
        {
            "body_id": body.pk,
            "name": m.name,
            "kind": Proposer.Kind.MEMBER,
            "full_name": "",
            "collective_kind": "",
            "sector": m.sector,
            "party": m.party or "",
            "is_illustrative": m.illustrative,
        }
        for m in sd.MEMBERS
    ] + [
        {
            "body_id": body.pk,
            "name": c.name,
            "kind": Proposer.Kind.COLLECTIVE,
            "full_name": c.full_name,
            "collective_kind": c.kind,
            "sector": "",
            "party": "",
            "is_illustrative": c.illustrative,
        }
        for c in sd.COLLECTIVES
    ]
    found, summary.directory["proposers"] = _sync(
        Proposer.objects.filter(body=body, name__in=[r["name"] for r in rows]),
        ("body_id", "name"),
        rows,
    )
    return {name: proposer for (_, name), proposer in found.items()}


def sync_leaders(summary: DemoSummary) -> dict[str, Leader]:
    """The district and CPPCC leaders who lead and supervise key proposals, by name."""
    found, summary.directory["leaders"] = _sync(
        Leader.objects.filter(name__in=[x.name for x in sd.LEADERS]),
        ("name",),
        (
            {
                "name": x.name,
                "title": x.title,
                "organisation": x.organisation,
                "is_illustrative": x.illustrative,
            }
            for x in sd.LEADERS
        ),
    )
    return {name: leader for (name,), leader in found.items()}


def sync_accounts(
    summary: DemoSummary,
    units: dict[str, Unit],
    proposers: dict[str, Proposer],
    leaders: dict[str, Leader],
) -> dict[str, User]:
    """The demo accounts with exactly their seed roles, the demo password and no lockout."""
    # One hash for all: hashing is deliberately slow and every account shares the password.
    password = make_password(sd.DEMO_PASSWORD)
    usernames = [str(a["username"]) for a in sd.ACCOUNTS]
    existing = {u.username: u for u in User.objects.filter(username__in=usernames)}
    users: dict[str, User] = {}
    tally = Tally()
    for index, account in enumerate(sd.ACCOUNTS, start=1):
        username = str(account["username"])
        unit = units[str(account["unit"])] if account["unit"] else None
        proposer = proposers[str(account["proposer"])] if account["proposer"] else None
        leader = leaders[str(account["leader"])] if account["leader"] else None
        user = existing.get(username) or User(username=username)
        if user.pk is None:
            tally.created += 1
        if leader is not None:
            User.objects.filter(leader=leader).exclude(username=username).update(leader=None)
        user.display_name = str(account["display_name"])
        # Clearly fictitious (139-0000-…), so a demo SMS can never reach a real person; a
        # number a demo user entered stays.
        user.phone = user.phone or f"139-0000-{index:04d}"
        user.proposer = proposer
        user.leader = leader
        user.is_active = True
        user.password = password
        # Marked so that the public demo password is never asked to change, and so that
        # load-demo can tell a demo installation from a real one.
        user.is_demo_account = True
        user.must_change_password = False
        user.save()
        roles: list[str] = list(account["roles"])  # type: ignore[call-overload]
        wanted = {(role, unit.pk if unit else None) for role in roles}
        have = {(ra.role, ra.unit_id): ra for ra in user.role_assignments.all()}
        for role, unit_id in wanted - set(have):
            RoleAssignment.objects.create(user=user, role=role, unit_id=unit_id)
        for pair in set(have) - wanted:
            have[pair].delete()
        sync_admin_access(user)
        reset_lockouts(username=username)
        users[username] = user
        summary.accounts.append(
            AccountRow(
                username=username,
                password=sd.DEMO_PASSWORD,
                display_name=user.display_name,
                roles="、".join(str(Role(r).label) for r in roles),
                attached_to=(unit.name if unit else "")
                or (proposer.name if proposer else "")
                or (str(leader) if leader else ""),
            )
        )
    summary.directory["accounts"] = tally
    return users
