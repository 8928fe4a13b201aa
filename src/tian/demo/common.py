"""What every part of the demo shares: its time zone, calendar, accounts, sessions and helpers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connections, models, router, transaction

from tian.demo import seed_data as sd
from tian.directory.models import Proposer, Role, RoleAssignment, User
from tian.handling.deadlines import WorkdayCalendar
from tian.handling.models import Contact, Rehandling, Reply
from tian.lib.cn import numeral
from tian.notifications.models import Notification
from tian.proposals.models import Proposal

TZ = ZoneInfo("Asia/Shanghai")
# The demo dates its records over the same working-day calendar as the deadlines.
CALENDAR = WorkdayCalendar()
CLERK = "tiwei"  # the proposal committee's demo clerk files the demo proposals
OFFICE = "ducha"  # the government office's demo account assigns and reviews


def open_session(today: date) -> sd.Session:
    """The session open for submission, so the intake and handling screens have live work.

    It is the session of the year the demo is loaded in (五届五次会议 in 2026, 六届一次会议 in
    2027: a CPPCC term has five annual sessions, the fifth began in 2022), and its examples are
    dated back from the day of loading, so its proposals are never older than the session.
    """
    since = today.year - sd.CURRENT_SESSION.year
    term = sd.CURRENT_SESSION.term_ordinal + since // 5
    return sd.Session(
        slug=f"xishan-{today.year}",
        body=sd.CPPCC_BODY.slug,
        term=f"第{numeral(term)}届",
        term_ordinal=term,
        name=f"{numeral(term)}届{numeral(since % 5 + 1)}次会议",
        year=today.year,
        categories=sd.CATEGORIES,
        grades=sd.GRADES,
        is_current=True,
    )


def demo_sessions(today: date) -> tuple[sd.Session, ...]:
    """The closed sessions of the seed and the open one of `today`'s year."""
    return (*sd.SESSIONS, open_session(today))


@dataclass(frozen=True)
class Timeline:
    """When a closed session's proposals were submitted, filed, assigned and answered."""

    opened_on: date
    submitted: tuple[date, date]
    filed: tuple[date, date]
    assigned_on: date
    replied: tuple[date, date]


# The seed gives none of these dates; they are plausible and keep every reply within the
# three months after assignment (DESIGN §3).
TIMELINES: dict[str, Timeline] = {
    "xishan-2021": Timeline(
        opened_on=date(2021, 1, 11),
        submitted=(date(2021, 1, 9), date(2021, 1, 13)),
        filed=(date(2021, 1, 25), date(2021, 2, 5)),
        assigned_on=date(2021, 2, 23),
        replied=(date(2021, 5, 6), date(2021, 5, 21)),
    ),
    "xishan-2022": Timeline(
        opened_on=date(2022, 1, 10),
        submitted=(date(2022, 1, 8), date(2022, 1, 12)),
        filed=(date(2022, 1, 17), date(2022, 1, 28)),
        assigned_on=date(2022, 2, 18),
        replied=(date(2022, 4, 25), date(2022, 5, 18)),
    ),
}


def opened_on(spec: sd.Session) -> date:
    """When a demo session's plenary opened: the seed's years as given, the open one in January."""
    timeline = TIMELINES.get(spec.slug)
    return timeline.opened_on if timeline else date(spec.year, 1, 9)


DEMO_NOTE = "(演示数据,内容为示意。)"
# One stand-in letter for every closed-session reply (the seed has no letters to show).
LETTER_NAME = "replies/demo/reply-letter-demo.pdf"


def delete_proposals(proposals: models.QuerySet[Proposal]) -> int:
    """Delete `proposals` with their handling records; their audit events stay as written."""
    proposals.exclude(merged_into=None).update(merged_into=None)
    # A re-handling protects the verdict that started it; the messages would lead nowhere.
    Rehandling.objects.filter(proposal__in=proposals).delete()
    Notification.objects.filter(proposal__in=proposals).delete()
    # Letters uploaded for these replies go too (the closed sessions' shared letter stays).
    storage = Reply._meta.get_field("letter").storage
    letters = Reply.objects.filter(proposal__in=proposals).exclude(letter="")
    for name in set(letters.exclude(letter=LETTER_NAME).values_list("letter", flat=True)):
        transaction.on_commit(lambda name=name: storage.delete(name))
    count = proposals.count()
    proposals.delete()
    return count


def backdate(model: type[models.Model], name: str, when: dict[Any, datetime]) -> None:
    """Set an auto_now_add field to when things really happened."""
    rows = []
    for pk, at in when.items():
        row = model(pk=pk)
        setattr(row, name, at)
        rows.append(row)
    update_rows(model, rows, [name])


def update_rows(
    model: type[models.Model], rows: Sequence[models.Model], names: Sequence[str]
) -> None:
    """Write `names` of each row, one prepared UPDATE run for all rows.

    Much faster than `bulk_update` (whose CASE expressions grow with rows times fields) and,
    like it, free of `save()`: auto_now_add fields keep the value given.
    """
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in names]
    sets = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = (
        f"UPDATE {quote(model._meta.db_table)} SET {sets} WHERE {quote(model._meta.pk.column)} = %s"  # nosec B608 # quoted identifiers, values bound
    )
    params = [
        [field.get_db_prep_save(getattr(row, field.attname), connection) for field in fields]
        + [row.pk]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


@dataclass(frozen=True)
class People:
    """The demo accounts who act for the office, each unit and each proposer."""

    office: User | None
    staff: dict[int, User]  # unit id -> the unit's demo 联络员
    leaders: dict[int, User]  # unit id -> the unit's demo 负责人
    members: dict[int, User]  # proposer id -> the proposer's demo account


def people_of(users: dict[str, User]) -> People:
    by_pk = {u.pk: u for u in users.values()}
    staff: dict[int, User] = {}
    leaders: dict[int, User] = {}
    rows = RoleAssignment.objects.filter(
        user_id__in=list(by_pk), role__in=[Role.UNIT_STAFF, Role.UNIT_LEADER], unit__isnull=False
    ).order_by("id")
    for user_id, role, unit_id in rows.values_list("user_id", "role", "unit_id"):
        (staff if role == Role.UNIT_STAFF else leaders).setdefault(unit_id, by_pk[user_id])
    return People(
        office=users.get(OFFICE),
        staff=staff,
        leaders=leaders,
        members={u.proposer_id: u for u in users.values() if u.proposer_id},
    )


def moment(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=TZ)


def addressed_as(proposer: Proposer) -> str:
    return proposer.name if proposer.kind == Proposer.Kind.COLLECTIVE else f"{proposer.name}委员"


def contact_summary(method: str, who: str) -> str:
    return {
        Contact.Method.PHONE: f"电话联系{who},了解提案背景和具体诉求,介绍办理思路和初步打算。",
        Contact.Method.VISIT: f"登门走访{who},当面听取对办理工作的意见和建议。",
        Contact.Method.MEETING: f"邀请{who}座谈面商,通报办理进展,共同研究推进措施。",
        Contact.Method.SITE: f"陪同{who}现场调研,实地查看有关情况,听取意见。",
    }[Contact.Method(method)]
