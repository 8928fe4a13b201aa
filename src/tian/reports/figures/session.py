"""A session's figures (DESIGN §5), each aggregated in the database when asked for."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from tian.directory.models import Proposer, Session
from tian.handling import deadlines
from tian.handling.deadlines import AddMonths
from tian.handling.models import (
    SATISFIED_VERDICTS,
    Assignment,
    Feedback,
    Grade,
    Reply,
    StatClass,
    Verdict,
)
from tian.lib.percent import percent, shares
from tian.proposals.models import FILED_STATES, Category, CoSignature, Proposal, Status
from tian.proposals.queries import PROPOSER_TYPES
from tian.reports.figures.contract import (
    Commitments,
    CrossYearVerdicts,
    Intake,
    OnTime,
    Satisfaction,
    SessionFigures,
    Share,
    StatShare,
    TrendPoint,
    Units,
)
from tian.supervision.models import Commitment, Tracking
from tian.supervision.tracking.actions import cross_year_proposals


def filed_proposals(session: Session):
    """Proposals received for handling (立案): the seed's 收到…提案N件."""
    return Proposal.objects.filter(session=session, status__in=FILED_STATES)


def of_filed(session: Session) -> Q:
    """A filter for rows of the session's filed proposals (a join; on SQLite it is faster
    than `proposal__in=filed_proposals(session)`, on PostgreSQL the same)."""
    return Q(proposal__session=session, proposal__status__in=FILED_STATES)


def final_replies(session: Session):
    """The final reply of each of the session's filed proposals (`Reply.objects.final()`)."""
    return Reply.objects.final().filter(of_filed(session))


def graded(session: Session) -> list[tuple[Grade, int]]:
    """The session's grades in order, each with how many proposals it is the final grade of."""
    counted = dict(
        final_replies(session)
        .values("grade_id")
        .annotate(n=Count("id"))
        .order_by("grade_id")
        .values_list("grade_id", "n")
    )
    grades = Grade.objects.filter(session=session).order_by("order", "id")
    return [(grade, counted.get(grade.pk, 0)) for grade in grades]


def by_grade(session: Session, counts: list[tuple[Grade, int]] | None = None) -> dict[str, Share]:
    """Proposals by the grade of their final reply, labels from the session's grade set."""
    counts = graded(session) if counts is None else counts
    percents = shares([n for _, n in counts])
    return {
        grade.label: {"count": n, "percent": p}
        for (grade, n), p in zip(counts, percents, strict=True)
    }


def final_feedback(session: Session):
    """Each proposal's last verdict (the latest round), answered or recorded as missing."""
    later = Feedback.objects.filter(proposal=OuterRef("proposal_id")).filter(
        Q(round__gt=OuterRef("round")) | Q(round=OuterRef("round"), pk__gt=OuterRef("pk"))
    )
    return Feedback.objects.filter(of_filed(session)).filter(~Exists(later))


def satisfaction(session: Session) -> Satisfaction:
    """满意率和基本满意率 = (满意 + 基本满意) / verdicts received, for attitude and result."""
    row = final_feedback(session).aggregate(
        responses=Count("id", filter=Q(responded=True)),
        missing=Count("id", filter=Q(responded=False)),
        attitude=Count("id", filter=Q(responded=True, attitude__in=SATISFIED_VERDICTS)),
        result=Count("id", filter=Q(responded=True, result__in=SATISFIED_VERDICTS)),
    )
    return {
        "attitude": percent(row["attitude"], row["responses"]),
        "result": percent(row["result"], row["responses"]),
        "responses": row["responses"],
        "no_response": row["missing"],
    }


def commitment_figures(session: Session, today: date | None = None) -> Commitments:
    """办成率: promised measures (top level, not cancelled), how many done, how many overdue."""
    today = today or timezone.localdate()
    totals = Commitment.objects.counted().filter(proposal__session=session).totals(today)
    return {**totals, "done_rate": percent(totals["done"], totals["total"])}


def units_involved(session: Session) -> Units:
    """How many units handled the session's proposals as lead (主办/会办) and as co-units."""
    active = Assignment.objects.active().filter(of_filed(session))
    return active.aggregate(
        lead=Count("unit", distinct=True, filter=Q(role__in=Assignment.LEADING_ROLES)),
        co=Count("unit", distinct=True, filter=Q(role=Assignment.Role.CO)),
    )


def cross_year(session: Session) -> int:
    """跨年度提案: earlier sessions' proposals followed up in this session's year, by the
    rule over the records (`tracking.cross_year_proposals`), not by who opened which page."""
    return cross_year_proposals(session).count()


def proposal_counts(session: Session) -> dict[int | None, dict[str, int]]:
    """The session's proposals by category: each intake state, the filed ones by proposer
    type, and the filed key proposals — two grouped scans. The figures below add these up."""
    collective = Q(lead_proposer__kind=Proposer.Kind.COLLECTIVE)
    filed = Q(status__in=FILED_STATES)
    rows = (
        Proposal.objects.filter(session=session)
        .exclude(status=Status.DRAFT)
        .values("category_id")
        .annotate(
            received=Count("pk"),
            filed=Count("pk", filter=filed),
            merged=Count("pk", filter=Q(status=Status.MERGED)),
            rejected=Count("pk", filter=Q(status=Status.REJECTED)),
            converted=Count("pk", filter=Q(status=Status.CONVERTED)),
            closed=Count("pk", filter=Q(status=Status.CLOSED)),
            collective=Count("pk", filter=filed & collective),
            key=Count("pk", filter=filed & Q(key__isnull=False)),
        )
        .order_by("category_id")
    )
    counts = {row.pop("category_id"): row for row in rows}
    # Joint (联名): a member's filed proposal with a confirmed co-signer, as a semi-join of
    # its own; inside the FILTER above PostgreSQL would run the subquery row by row.
    confirmed = CoSignature.objects.filter(status=CoSignature.Status.CONFIRMED)
    joint = dict(
        filed_proposals(session)
        .exclude(collective)
        .filter(pk__in=confirmed.values("proposal_id"))
        .values("category_id")
        .annotate(n=Count("pk"))
        .order_by("category_id")
        .values_list("category_id", "n")
    )
    for category_id, row in counts.items():
        row["joint"] = joint.get(category_id, 0)
        row["individual"] = row["filed"] - row["collective"] - row["joint"]
    return counts


def _summed(counts: dict[int | None, dict[str, int]], *keys: str) -> dict[str, int]:
    return {key: sum(row[key] for row in counts.values()) for key in keys}


def intake(session: Session, counts: dict | None = None) -> Intake:
    """收到、立案、并案、不予立案、转来信、办结: every proposal submitted to the session."""
    counts = proposal_counts(session) if counts is None else counts
    keys = ("received", "filed", "merged", "rejected", "converted", "closed")
    return _summed(counts, *keys)  # type: ignore[return-value]


def by_proposer_type(session: Session, counts: dict | None = None) -> dict[str, Share]:
    """Filed proposals by who put them: one member, members jointly (联名), a collective."""
    counts = proposal_counts(session) if counts is None else counts
    totals = _summed(counts, *PROPOSER_TYPES)
    percents = shares(list(totals.values()))
    return {
        key: {"count": n, "percent": p}
        for (key, n), p in zip(totals.items(), percents, strict=True)
    }


def by_category(session: Session, counts: dict | None = None) -> dict[str, int]:
    """Filed proposals by the session's own categories, in the session's order."""
    counts = proposal_counts(session) if counts is None else counts
    return {
        category.name: counts.get(category.pk, {}).get("filed", 0)
        for category in Category.objects.filter(session=session).order_by("order", "id")
    }


def _reply_timing(proposals, today: date) -> OnTime:
    """按时答复率 over `proposals`: the first reply of round 1 against the reply due date (n
    months from the deadline start, or the approved extension). Proposals not yet replied
    count (as late) once their reply is overdue; those still within their time do not count."""
    from tian.handling.queries import reply_overdue_q

    counted = _answered(proposals).aggregate(answered=Count("pk"), in_time_n=Sum("in_time"))
    answered, in_time = counted["answered"], counted["in_time_n"] or 0
    unreplied = (
        proposals.filter(reply_overdue_q(today))
        .exclude(pk__in=_first_round_replies().values("proposal_id"))
        .count()
    )
    return {
        "rate": percent(in_time, answered + unreplied),
        "on_time": in_time,
        "late": answered - in_time,
        "overdue_unreplied": unreplied,
    }


def _first_round_replies():
    """Replies of the first round that were sent: dated and not a draft or sent back."""
    return Reply.objects.filter(round=1, replied_on__isnull=False).exclude(
        status__in=[Reply.Status.DRAFT, Reply.Status.RETURNED]
    )


def _answered(proposals):
    """`proposals` that were answered, one row each, with `start` (the lead unit's deadline
    start), `replied` (the first reply sent in round 1), `extended_to` (an approved extension)
    and `in_time` (1 when that reply came by the due date, else 0).

    One grouped join rather than correlated subqueries: it stays well under a second at 10^5.
    """
    lead = Q(
        assignments__status=Assignment.Status.ACTIVE,
        assignments__role__in=Assignment.LEADING_ROLES,
    )
    sent = Q(replies__round=1, replies__replied_on__isnull=False) & ~Q(
        replies__status__in=[Reply.Status.DRAFT, Reply.Status.RETURNED]
    )
    rows = proposals.filter(sent).annotate(
        start=Min("assignments__deadline_from", filter=lead),
        replied=Min("replies__replied_on", filter=sent),
        extended_to=Max("extensions__new_due_on"),
    )
    due = Coalesce(F("extended_to"), AddMonths(F("start"), deadlines.rules().reply_months))
    in_time = Case(When(replied__lte=due, then=Value(1)), default=Value(0))
    return rows.filter(start__isnull=False).annotate(in_time=in_time)


def on_time(session: Session, today: date | None = None) -> OnTime:
    """The session's on-time reply rate (按时答复率)."""
    return _reply_timing(filed_proposals(session), today or timezone.localdate())


STAT_CLASS_LABELS = {
    StatClass.RESOLVED: "已解决或基本解决",
    StatClass.IN_PROGRESS: "正在解决或列入计划",
    StatClass.NOT_NOW: "因条件限制暂未解决",
    StatClass.REFERENCE: "留作参考",
}


def by_stat_class(
    session: Session, counts: list[tuple[Grade, int]] | None = None
) -> dict[str, StatShare]:
    """Proposals by the statistical class of their final grade, so sessions with different
    grade sets compare; the label is the session's own grade label when one grade maps to it."""
    counts = graded(session) if counts is None else counts
    counted: dict[str, int] = {}
    own: dict[str, list[str]] = {}
    for grade, n in counts:
        counted[grade.stat_class] = counted.get(grade.stat_class, 0) + n
        own.setdefault(grade.stat_class, []).append(grade.label)
    classes = [c for c in StatClass if c in own]
    percents = shares([counted[c] for c in classes])
    return {
        str(c): {
            "label": own[c][0] if len(own[c]) == 1 else STAT_CLASS_LABELS[c],
            "count": counted[c],
            "percent": p,
        }
        for c, p in zip(classes, percents, strict=True)
    }


def numbers_by_stat_class(session: Session) -> dict[str, list[int]]:
    """The proposal numbers (第N号) in each statistical class, in number order."""
    found: dict[str, list[int]] = {}
    rows = (
        final_replies(session)
        .order_by("proposal__number")
        .values_list("grade__stat_class", "proposal__number")
    )
    for stat_class, number in rows:
        found.setdefault(stat_class, []).append(number)
    return found


def trend(
    sessions: Iterable[Session], known: dict[str, SessionFigures] | None = None
) -> list[TrendPoint]:
    """The headline figures of several sessions of one body, oldest first, to compare years.
    `known` holds figures already computed (by slug), so a page does not count them twice."""
    known = known or {}
    points: list[TrendPoint] = []
    for session in sorted(sessions, key=lambda s: (s.year, s.pk)):
        found = known.get(session.slug) or _headline(session)
        resolved = found["by_stat_class"].get(StatClass.RESOLVED, {"percent": "0.0"})
        points.append(
            {
                "session": session.slug,
                "name": str(session),
                "year": session.year,
                "total": found["total"],
                "resolved_percent": resolved["percent"],
                "satisfaction": found["satisfaction"]["result"],
                "on_time_rate": found["on_time_rate"],
                "done_rate": found["commitments"]["done_rate"],
            }
        )
    return points


def _headline(session: Session) -> dict:
    """The few figures a trend point needs, without the rest of `session_figures`."""
    return {
        "total": filed_proposals(session).count(),
        "by_stat_class": by_stat_class(session),
        "satisfaction": satisfaction(session),
        "on_time_rate": on_time(session)["rate"],
        "commitments": commitment_figures(session),
    }


def session_figures(session: Session) -> SessionFigures:
    """Every figure of one session, computed from the records now."""
    timing = on_time(session)
    counts = proposal_counts(session)
    received = intake(session, counts)
    grades = graded(session)
    return {
        "session": session.slug,
        "name": str(session),
        "total": received["filed"],
        "intake": received,
        "by_proposer_type": by_proposer_type(session, counts),
        "on_time_rate": timing["rate"],
        "on_time": timing,
        "by_stat_class": by_stat_class(session, grades),
        "by_category": by_category(session, counts),
        "by_grade": by_grade(session, grades),
        "satisfaction": satisfaction(session),
        "key_proposals": _summed(counts, "key")["key"],
        "units": units_involved(session),
        "commitments": commitment_figures(session),
        "cross_year": cross_year(session),
    }


def cross_year_verdicts(session: Session) -> CrossYearVerdicts:
    """The proposers' verdicts on this year's progress of the cross-year proposals; one not
    yet on the list (or not yet judged) is pending."""
    verdict = Tracking.objects.filter(session=session, proposal=OuterRef("pk")).values("verdict")
    row = (
        cross_year_proposals(session)
        .annotate(verdict=Subquery(verdict[:1]))
        .aggregate(
            total=Count("pk"),
            satisfied=Count("pk", filter=Q(verdict=Verdict.SATISFIED)),
            basically=Count("pk", filter=Q(verdict=Verdict.BASICALLY)),
            dissatisfied=Count("pk", filter=Q(verdict=Verdict.DISSATISFIED)),
        )
    )
    judged = row["satisfied"] + row["basically"] + row["dissatisfied"]
    return {**row, "pending": row["total"] - judged}  # type: ignore[typeddict-item]
