"""The office's supervision list (督查督办一览): what is late, waiting or promised but not moving.

Each section is a named query derived in the database from `today` — replies due soon or
overdue, objections waiting for a decision, verdicts missing, commitments overdue or stalled,
and "reply-only" items: an in-progress grade with no commitment, or commitments never reported
on. A reply is cheap; a delivered promise is what the office follows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import (
    Case,
    DateField,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, NullIf
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tian.directory.models import Session
from tian.handling import deadlines
from tian.handling.models import Assignment, Feedback, ReassignmentRequest, Reply, StatClass
from tian.handling.queries import (
    attach_reply_due,
    latest_reply_before_verdict_lapses,
    reply_due_soon_q,
    reply_overdue_q,
)
from tian.lib.dates import cn_date
from tian.proposals.models import Proposal, Status
from tian.supervision.commitments.queries import stalled_days, stalled_q, with_last_update
from tian.supervision.models import Commitment, ProgressUpdate, overdue_q

# States in which a proposal still has handling ahead of it.
_UNFINISHED = [
    Status.SUBMITTED,
    Status.FILED,
    Status.ASSIGNED,
    Status.HANDLING,
    Status.REPLIED,
    Status.REHANDLING,
]


@dataclass(frozen=True)
class OversightFilters:
    """Which sessions (None: all of them) and which unit (None: every unit) the list covers."""

    session_ids: tuple[int, ...] | None = None
    unit_id: int | None = None


def open_sessions() -> QuerySet[Session]:
    """Sessions with work left (未办结): open for submission, a proposal still being handled,
    or a commitment still open."""
    unfinished = Proposal.objects.filter(session_id=OuterRef("pk"), status__in=_UNFINISHED)
    promised = Commitment.objects.filter(
        proposal__session_id=OuterRef("pk"), status=Commitment.Status.OPEN
    )
    return Session.objects.filter(
        Q(is_open_for_submission=True) | Exists(unfinished) | Exists(promised)
    )


# --- Proposals -------------------------------------------------------------------------------


def _lead_assignments() -> QuerySet[Assignment]:
    return Assignment.objects.active().leading()


def _unit_label(prefix: str = "") -> Any:
    return Coalesce(NullIf(f"{prefix}short_name", Value("")), f"{prefix}name")


def _proposals(filters: OversightFilters) -> QuerySet[Proposal]:
    """The proposals in scope, each with its lead unit's name (主办单位) and deadline start."""
    queryset = Proposal.objects.exclude(status=Status.DRAFT)
    if filters.session_ids is not None:
        queryset = queryset.filter(session_id__in=filters.session_ids)
    lead = (
        _lead_assignments()
        .filter(proposal_id=OuterRef("pk"))
        .order_by(
            Case(When(role=Assignment.Role.LEAD, then=0), default=1, output_field=IntegerField()),
            "id",
        )
        .annotate(label=_unit_label("unit__"), start=Coalesce("deadline_from", "assigned_on"))
    )
    return queryset.select_related("session").annotate(
        unit_label=Subquery(lead.values("label")[:1]),
        lead_from=Subquery(lead.values("start")[:1], output_field=DateField()),
    )


def _led_by(queryset: QuerySet[Proposal], unit_id: int | None) -> QuerySet[Proposal]:
    if not unit_id:
        return queryset
    return queryset.filter(pk__in=_lead_assignments().filter(unit_id=unit_id).values("proposal_id"))


def replies_due_soon(today: date, filters: OversightFilters) -> QuerySet[Proposal]:
    """Replies due within the next two weeks (答复即将到期), soonest first."""
    queryset = _proposals(filters).filter(reply_due_soon_q(today))
    return _led_by(queryset, filters.unit_id).order_by("lead_from", "session_id", "number", "pk")


def replies_overdue(today: date, filters: OversightFilters) -> QuerySet[Proposal]:
    """Replies past their due date, extensions and re-handling counted (答复逾期), oldest first."""
    queryset = _proposals(filters).filter(reply_overdue_q(today))
    return _led_by(queryset, filters.unit_id).order_by("lead_from", "session_id", "number", "pk")


def objections_pending(filters: OversightFilters) -> QuerySet[ReassignmentRequest]:
    """Units' objections to an assignment (申请调整) the office has not decided yet."""
    queryset = ReassignmentRequest.objects.filter(status=ReassignmentRequest.Status.PENDING)
    if filters.session_ids is not None:
        queryset = queryset.filter(assignment__proposal__session_id__in=filters.session_ids)
    if filters.unit_id:
        queryset = queryset.filter(assignment__unit_id=filters.unit_id)
    return queryset.select_related("assignment__proposal__session", "assignment__unit").order_by(
        "created_at", "id"
    )


def _latest_accepted_reply() -> QuerySet[Reply]:
    return Reply.objects.filter(proposal_id=OuterRef("pk"), status=Reply.Status.ACCEPTED).order_by(
        "-round", "-replied_on", "-id"
    )


def verdicts_missing(
    today: date, filters: OversightFilters, calendar: deadlines.WorkdayCalendar | None = None
) -> QuerySet[Proposal]:
    """Replied proposals whose verdict window (征询意见期限) has passed with no feedback."""
    calendar = calendar if calendar is not None else deadlines.WorkdayCalendar()
    cutoff = latest_reply_before_verdict_lapses(today, calendar)
    latest = _latest_accepted_reply()
    answered = Feedback.objects.filter(proposal_id=OuterRef("pk"), round=OuterRef("reply_round"))
    queryset = (
        _proposals(filters)
        .filter(status=Status.REPLIED)
        .annotate(
            replied_on=Subquery(latest.values("replied_on")[:1]),
            reply_round=Subquery(latest.values("round")[:1]),
        )
        .filter(replied_on__lte=cutoff)
        .filter(~Exists(answered))
    )
    return _led_by(queryset, filters.unit_id).order_by("replied_on", "session_id", "number", "pk")


def in_progress_without_commitments(filters: OversightFilters) -> QuerySet[Proposal]:
    """Reply-only (只答复): the final reply is graded in progress (正在解决或列入计划) but no
    commitment (实施清单) records what was promised; cancelled ones do not count."""
    latest = Reply.objects.final_of()
    promised = Commitment.objects.filter(proposal_id=OuterRef("pk")).exclude(
        status=Commitment.Status.CANCELLED
    )
    queryset = (
        _proposals(filters)
        .annotate(
            final_class=Subquery(latest.values("grade__stat_class")[:1]),
            replied_on=Subquery(latest.values("replied_on")[:1]),
            grade_label=Subquery(latest.values("grade__label")[:1]),
        )
        .filter(final_class=StatClass.IN_PROGRESS)
        .filter(~Exists(promised))
    )
    return _led_by(queryset, filters.unit_id).order_by("replied_on", "session_id", "number", "pk")


def commitments_never_reported(today: date, filters: OversightFilters) -> QuerySet[Proposal]:
    """Reply-only (只答复): proposals whose commitments have started but not one progress
    update (进展) was ever reported on any of them."""
    started = (
        Commitment.objects.filter(proposal_id=OuterRef("pk"), status=Commitment.Status.OPEN)
        .annotate(began=Coalesce("start_on", Cast("created_at", DateField())))
        .filter(began__lte=today)
    )
    if filters.unit_id:
        started = started.filter(responsible_unit_id=filters.unit_id)
    first = started.order_by("began", "id")
    reported = ProgressUpdate.objects.filter(commitment__proposal_id=OuterRef("pk"))
    return (
        _proposals(filters)
        .filter(Exists(started))
        .filter(~Exists(reported))
        .annotate(
            began_on=Subquery(first.values("began")[:1], output_field=DateField()),
            commitment_unit=Subquery(
                first.annotate(label=_unit_label("responsible_unit__")).values("label")[:1]
            ),
        )
        .order_by("began_on", "session_id", "number", "pk")
    )


# --- Commitments -----------------------------------------------------------------------------


def _commitments(filters: OversightFilters) -> QuerySet[Commitment]:
    queryset = Commitment.objects.all()
    if filters.session_ids is not None:
        queryset = queryset.filter(proposal__session_id__in=filters.session_ids)
    if filters.unit_id:
        queryset = queryset.filter(responsible_unit_id=filters.unit_id)
    return with_last_update(queryset).select_related(
        "proposal__session", "responsible_unit", "parent"
    )


def commitments_overdue(today: date, filters: OversightFilters) -> QuerySet[Commitment]:
    """Open commitments past their due date (措施逾期), longest overdue first."""
    return (
        _commitments(filters)
        .filter(overdue_q(today))
        .order_by("due_on", "proposal__session_id", "proposal__number", "id")
    )


def commitments_stalled(today: date, filters: OversightFilters) -> QuerySet[Commitment]:
    """Open commitments not yet due with nothing reported for the stalled days (停滞);
    overdue ones are listed as overdue, not twice."""
    return (
        _commitments(filters)
        .filter(stalled_q(today), due_on__gte=today)
        .order_by("last_activity_on", "proposal__session_id", "proposal__number", "id")
    )


# --- The page --------------------------------------------------------------------------------


@dataclass
class Row:
    """One line of a section: the proposal, what the line is about, its unit and its date."""

    proposal: Proposal
    subject: str
    url: str
    unit: str
    day: date | None
    note: str = ""
    late: bool = False
    detail: str = ""


@dataclass
class Section:
    """A section of the list: its heading, what it means, the date it shows, and its rows."""

    key: str
    title: str
    hint: str
    date_label: str
    rows: list[Row] = field(default_factory=list)
    total: int = 0

    @property
    def truncated(self) -> bool:
        return self.total > len(self.rows)


def _proposal_url(proposal: Proposal) -> str:
    return reverse("proposal-detail", kwargs={"pk": proposal.pk})


def _days(n: int) -> str:
    return f"{n}天"


def _reply_rows(items: list[Proposal], today: date) -> list[Row]:
    attach_reply_due(items)
    rows = []
    for p in items:
        due = p.reply_due.due if p.reply_due is not None else None
        late = due is not None and due < today
        note = ""
        if due is not None:
            note = (
                f"逾期{_days((today - due).days)}" if late else f"还有{_days((due - today).days)}"
            )
        rows.append(Row(p, p.title, _proposal_url(p), p.unit_label or "", due, note, late))
    return sorted(rows, key=lambda r: (r.day or today, r.proposal.pk))


def _objection_rows(items: list[ReassignmentRequest], today: date) -> list[Row]:
    rows = []
    for request in items:
        proposal = request.assignment.proposal
        day = timezone.localdate(request.created_at) if request.created_at else None
        detail = "理由:" + request.reason.strip().rstrip("。;.\uff1b")
        if request.suggested_unit:
            detail += f";建议改由{request.suggested_unit}承办"
        note = f"已等待{_days((today - day).days)}" if day else ""
        unit = request.assignment.unit.display_name
        rows.append(
            Row(proposal, proposal.title, _proposal_url(proposal), unit, day, note, detail=detail)
        )
    return rows


def _verdict_rows(calendar: deadlines.WorkdayCalendar) -> Callable[..., list[Row]]:
    def build(items: list[Proposal], today: date) -> list[Row]:
        rows = []
        for p in items:
            due = deadlines.verdict_due(p.replied_on, calendar=calendar).due
            rows.append(
                Row(
                    p,
                    p.title,
                    _proposal_url(p),
                    p.unit_label or "",
                    due,
                    f"逾期{_days((today - due).days)}",
                    True,
                    detail=f"{cn_date(p.replied_on)}答复",
                )
            )
        return rows

    return build


def _graded_rows(items: list[Proposal], today: date) -> list[Row]:
    return [
        Row(
            p,
            p.title,
            _proposal_url(p),
            p.unit_label or "",
            p.replied_on,
            p.grade_label or "",
            detail="答复为正在解决或列入计划,未列实施清单",
        )
        for p in items
    ]


def _silent_rows(items: list[Proposal], today: date) -> list[Row]:
    return [
        Row(
            p,
            p.title,
            _proposal_url(p),
            p.commitment_unit or p.unit_label or "",
            p.began_on,
            f"已开始{_days((today - p.began_on).days)},从未报告进展",
            True,
        )
        for p in items
    ]


def _commitment_detail(c: Commitment) -> str:
    text = f"{c.proposal.title}"
    if c.parent_id:
        text += f" · 属于:{c.parent.description}"
    return text


def _overdue_commitment_rows(items: list[Commitment], today: date) -> list[Row]:
    return [
        Row(
            c.proposal,
            c.description,
            reverse("commitment-detail", kwargs={"pk": c.pk}),
            c.responsible_unit.display_name,
            c.due_on,
            f"逾期{_days((today - c.due_on).days)},进度{c.progress}%",
            True,
            detail=_commitment_detail(c),
        )
        for c in items
    ]


def _stalled_commitment_rows(items: list[Commitment], today: date) -> list[Row]:
    rows = []
    for c in items:
        if c.last_reported_on is None:
            note = "从未报告进展"
        else:
            note = f"{_days((today - c.last_reported_on).days)}无进展"
        rows.append(
            Row(
                c.proposal,
                c.description,
                reverse("commitment-detail", kwargs={"pk": c.pk}),
                c.responsible_unit.display_name,
                c.last_reported_on,
                f"{note},进度{c.progress}%",
                detail=_commitment_detail(c),
            )
        )
    return rows


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    hint: str
    date_label: str
    query: Callable[[date, OversightFilters], QuerySet[Any]]
    rows: Callable[[list[Any], date], list[Row]]


def section_specs(calendar: deadlines.WorkdayCalendar | None = None) -> list[SectionSpec]:
    """The sections in the order the page shows them."""
    from tian.handling.queries import DUE_SOON_DAYS

    calendar = calendar if calendar is not None else deadlines.WorkdayCalendar()
    return [
        SectionSpec(
            "replies-overdue",
            _("答复逾期"),
            _("超过答复期限仍未答复的提案(已批准延期的按延期后期限,重新办理的按重新办理期限)。"),
            _("答复期限"),
            replies_overdue,
            _reply_rows,
        ),
        SectionSpec(
            "replies-due-soon",
            _("答复即将到期"),
            _("%(n)s天内到答复期限、尚未答复的提案。") % {"n": DUE_SOON_DAYS},
            _("答复期限"),
            replies_due_soon,
            _reply_rows,
        ),
        SectionSpec(
            "objections",
            _("调整申请待处理"),
            _("承办单位申请调整承办单位,督查室尚未处理。"),
            _("申请日期"),
            lambda today, filters: objections_pending(filters),
            _objection_rows,
        ),
        SectionSpec(
            "verdicts-missing",
            _("征询意见逾期"),
            _("已答复,征询意见期限已过,提案者仍未反馈。"),
            _("征询意见期限"),
            lambda today, filters: verdicts_missing(today, filters, calendar),
            _verdict_rows(calendar),
        ),
        SectionSpec(
            "commitments-overdue",
            _("措施逾期"),
            _("实施清单中超过完成时限仍未完成的措施。"),
            _("完成时限"),
            commitments_overdue,
            _overdue_commitment_rows,
        ),
        SectionSpec(
            "commitments-stalled",
            _("措施停滞"),
            _("尚未到期、但%(n)s天以上没有报告进展的措施(已逾期的列在“措施逾期”)。")
            % {"n": stalled_days()},
            _("最近进展"),
            commitments_stalled,
            _stalled_commitment_rows,
        ),
        SectionSpec(
            "reply-only-graded",
            _("只答复、未列清单"),
            _("答复为正在解决或列入计划逐步解决,却没有列出实施清单:承诺无从跟踪。"),
            _("答复日期"),
            lambda today, filters: in_progress_without_commitments(filters),
            _graded_rows,
        ),
        SectionSpec(
            "reply-only-silent",
            _("清单从未报告进展"),
            _("实施清单已开始实施,但没有任何一项报告过进展。"),
            _("开始日期"),
            commitments_never_reported,
            _silent_rows,
        ),
    ]


SECTION_KEYS = (
    "replies-overdue",
    "replies-due-soon",
    "objections",
    "verdicts-missing",
    "commitments-overdue",
    "commitments-stalled",
    "reply-only-graded",
    "reply-only-silent",
)


def build_section(spec: SectionSpec, today: date, filters: OversightFilters, limit: int) -> Section:
    """One section with at most `limit` rows and its total: one query for the rows, one more
    to count only when there are more rows than shown."""
    queryset = spec.query(today, filters)
    items = list(queryset[: limit + 1])
    total = len(items) if len(items) <= limit else queryset.order_by().count()
    return Section(
        spec.key, spec.title, spec.hint, spec.date_label, spec.rows(items[:limit], today), total
    )


def oversight_sections(
    today: date,
    filters: OversightFilters,
    *,
    limit: int = 50,
    only: Iterable[str] | None = None,
) -> list[Section]:
    """Every section of the list (or only the named ones), each with at most `limit` rows —
    a fixed number of queries however many proposals and commitments there are."""
    wanted = set(only) if only is not None else None
    return [
        build_section(spec, today, filters, limit)
        for spec in section_specs()
        if wanted is None or spec.key in wanted
    ]
