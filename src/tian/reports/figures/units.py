"""Figures per handling unit: the unit table (按时答复率, 面商率, 满意率, 办成率) and a unit's
own page."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
)
from django.utils import timezone

from tian.directory.models import Session
from tian.handling.models import (
    SATISFIED_VERDICTS,
    Assignment,
    Contact,
    Grade,
    Reply,
)
from tian.lib.percent import percent, shares
from tian.proposals.models import FILED_STATES, Category
from tian.reports.figures.contract import UnitFigures, UnitRow
from tian.reports.figures.session import (
    _answered,
    _first_round_replies,
    filed_proposals,
    final_feedback,
    final_replies,
    of_filed,
)
from tian.supervision.models import Commitment, overdue_q


def _rate(part: int, whole: int) -> str | None:
    """A unit's rate, or None (shown as —) when there is nothing to measure it on."""
    return percent(part, whole) if whole else None


FACE_TO_FACE = (Contact.Method.VISIT, Contact.Method.MEETING, Contact.Method.SITE)


def unit_table(session: Session, today: date | None = None) -> list[UnitRow]:
    """Per handling unit, in a fixed number of queries: proposals led (主办/会办) and
    co-handled (协办); for those it led, replies on time (按时答复率), face-to-face contact
    with the proposer (面商率) and the proposers' verdicts on the result (满意率); and the
    commitments it is responsible for, whatever its role (办成率 over those due or done)."""
    from tian.directory.models import Unit

    today = today or timezone.localdate()
    filed = filed_proposals(session)
    active = Assignment.objects.active().filter(of_filed(session))
    led = active.filter(role__in=Assignment.LEADING_ROLES)
    per_unit: dict[int, dict[str, int]] = {}

    def gather(rows, key: str = "unit_id") -> None:
        for row in rows:
            per_unit.setdefault(row.pop(key), {}).update(row)

    gather(
        active.values("unit_id")
        .annotate(
            lead=Count("proposal", distinct=True, filter=Q(role__in=Assignment.LEADING_ROLES)),
            co=Count("proposal", distinct=True, filter=Q(role=Assignment.Role.CO)),
        )
        .order_by("unit_id")
    )
    gather(_unit_timing(filed, led, today))
    gather(_unit_contacts(led))
    last = final_feedback(session).filter(responded=True)
    gather(
        led.filter(proposal__in=last.values("proposal_id"))
        .values("unit_id")
        .annotate(
            responses=Count("proposal", distinct=True),
            satisfied=Count(
                "proposal",
                distinct=True,
                filter=Q(
                    proposal__in=last.filter(result__in=SATISFIED_VERDICTS).values("proposal_id")
                ),
            ),
        )
        .order_by("unit_id")
    )
    done = Q(status=Commitment.Status.DONE)
    gather(
        Commitment.objects.counted()
        .filter(of_filed(session))
        .values("responsible_unit_id")
        .annotate(
            commitments=Count("pk"),
            commitments_due=Count("pk", filter=done | Q(due_on__lte=today)),
            commitments_done=Count("pk", filter=done),
            commitments_overdue=Count("pk", filter=overdue_q(today)),
        )
        .order_by("responsible_unit_id"),
        key="responsible_unit_id",
    )
    names = dict(Unit.objects.filter(pk__in=per_unit).values_list("pk", "name"))
    rows: list[UnitRow] = []
    for unit_id in sorted(per_unit, key=lambda i: (names.get(i, ""), i)):
        n = {key: per_unit[unit_id].get(key, 0) for key in _UNIT_COUNTS}
        rows.append(
            {
                "unit_id": unit_id,
                "unit": names.get(unit_id, ""),
                **n,  # type: ignore[typeddict-item]
                "on_time_rate": _rate(n["on_time"], n["replied"] + n["overdue_unreplied"]),
                "contact_rate": _rate(n["face_to_face"], n["replied_leads"]),
                "satisfaction": _rate(n["satisfied"], n["responses"]),
                "done_rate": _rate(n["commitments_done"], n["commitments"]),
            }
        )
    return rows


_UNIT_COUNTS = (
    "lead",
    "co",
    "replied",
    "on_time",
    "late",
    "overdue_unreplied",
    "replied_leads",
    "face_to_face",
    "responses",
    "satisfied",
    "commitments",
    "commitments_due",
    "commitments_done",
    "commitments_overdue",
)


def _unit_timing(filed, led, today: date) -> list[dict[str, int]]:
    """Per lead unit: proposals answered, answered on time, and overdue without an answer.

    The answered proposals are one grouped query (`_answered`); joining its rows to the lead
    assignments needs it as a derived table, which the ORM cannot join, so the outer query
    is written here around the ORM's own SQL for the inner one.
    """
    from tian.handling.queries import reply_overdue_q

    rows = _answered(filed).annotate(answered_id=F("pk")).values("answered_id", "in_time")
    inner, params = rows.query.sql_with_params()
    quote = connection.ops.quote_name
    table = quote(Assignment._meta.db_table)
    roles = ", ".join(["%s"] * len(Assignment.LEADING_ROLES))
    sql = (
        f"SELECT a.{quote('unit_id')}, COUNT(*), SUM(t.{quote('in_time')}) "  # nosec B608 # quoted identifiers, values bound
        f"FROM ({inner}) t INNER JOIN {table} a "
        f"ON a.{quote('proposal_id')} = t.{quote('answered_id')} "
        f"WHERE a.{quote('status')} = %s AND a.{quote('role')} IN ({roles}) "
        f"GROUP BY a.{quote('unit_id')} ORDER BY a.{quote('unit_id')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, Assignment.Status.ACTIVE, *Assignment.LEADING_ROLES])
        answered = {unit: (n, int(in_time or 0)) for unit, n, in_time in cursor.fetchall()}
    overdue = filed.filter(reply_overdue_q(today)).exclude(
        pk__in=_first_round_replies().values("proposal_id")
    )
    missing = dict(
        led.filter(proposal__in=overdue)
        .values("unit_id")
        .annotate(n=Count("proposal", distinct=True))
        .order_by("unit_id")
        .values_list("unit_id", "n")
    )
    return [
        {
            "unit_id": unit,
            "replied": answered.get(unit, (0, 0))[0],
            "on_time": answered.get(unit, (0, 0))[1],
            "late": answered.get(unit, (0, 0))[0] - answered.get(unit, (0, 0))[1],
            "overdue_unreplied": missing.get(unit, 0),
        }
        for unit in sorted(set(answered) | set(missing))
    ]


def _unit_contacts(led):
    """Per lead unit: its proposals answered with an accepted reply, and how many of those
    it met the proposer about in person (走访、座谈、实地) — the 面商率."""
    accepted = Reply.objects.filter(status=Reply.Status.ACCEPTED).values("proposal_id")
    met = Contact.objects.filter(
        proposal_id=OuterRef("proposal_id"), unit_id=OuterRef("unit_id"), method__in=FACE_TO_FACE
    )
    return (
        led.filter(proposal__in=accepted)
        .values("unit_id")
        .annotate(
            replied_leads=Count("proposal", distinct=True),
            face_to_face=Count("proposal", distinct=True, filter=Q(Exists(met))),
        )
        .order_by("unit_id")
    )


def unit_figures(session: Session, unit_id: int, today: date | None = None) -> UnitFigures:
    """One unit's own figures: its row of the unit table, and the proposals it led (主办/会办)
    by final grade and by category — nothing about any other unit."""
    row = next((r for r in unit_table(session, today) if r["unit_id"] == unit_id), None)
    led = Assignment.objects.active().leading().filter(unit_id=unit_id).values("proposal_id")
    counted = dict(
        final_replies(session)
        .filter(proposal_id__in=led)
        .values("grade_id")
        .annotate(n=Count("id"))
        .order_by("grade_id")
        .values_list("grade_id", "n")
    )
    grades = list(Grade.objects.filter(session=session).order_by("order", "id"))
    counts = [counted.get(g.pk, 0) for g in grades]
    categories = (
        Category.objects.filter(session=session)
        .annotate(
            n=Count(
                "proposals",
                filter=Q(proposals__status__in=FILED_STATES, proposals__pk__in=led),
            )
        )
        .order_by("order", "id")
    )
    return {
        "row": row,
        "by_grade": {
            g.label: {"count": c, "percent": p}
            for g, c, p in zip(grades, counts, shares(counts), strict=True)
        },
        "by_category": {category.name: category.n for category in categories},
    }
