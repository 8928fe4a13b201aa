"""Every due date (办理期限) of handling, over China's working-day calendar, with its explanation.

Working days come from `chinese_calendar` (statutory holidays and adjusted workdays), overridden by
admin `CalendarDay` rows; years the library does not know fall back to Monday–Friday and say so.
Due dates are derived from recorded facts every time they are needed — never stored — so a
corrected assignment date, a new extension or an admin calendar fix shows up everywhere at once.
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import chinese_calendar
from chinese_calendar import Holiday
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import DateField, Func

from tian.lib.dates import cn_date
from tian.lib.errors import ActionError

if TYPE_CHECKING:
    from tian.handling.models import Assignment
    from tian.proposals.models import Proposal


@dataclass(frozen=True)
class DeadlineRules:
    """The configurable numbers of DESIGN §3 (setting `TIAN_DEADLINES` overrides any of them)."""

    objection_workdays: int = 5
    reply_months: int = 3
    max_reply_months: int = 6
    first_contact_workdays: int = 15
    co_opinion_days_before_reply: int = 20
    verdict_workdays: int = 15
    rehandling_months: int = 1
    publish_workdays: int = 20


def rules() -> DeadlineRules:
    """The rules in force: defaults, overridden by the `TIAN_DEADLINES` dict setting if present."""
    overrides = getattr(settings, "TIAN_DEADLINES", None) or {}
    known = {f.name for f in fields(DeadlineRules)}
    unknown = set(overrides) - known
    if unknown:
        raise ImproperlyConfigured(f"TIAN_DEADLINES has unknown keys: {', '.join(sorted(unknown))}")
    return replace(DeadlineRules(), **{k: int(v) for k, v in overrides.items()})


# ---------------------------------------------------------------------------------------------
# The working-day calendar

HOLIDAY_NAMES: dict[str, str] = {
    Holiday.new_years_day.value: "元旦",
    Holiday.spring_festival.value: "春节",
    Holiday.tomb_sweeping_day.value: "清明节",
    Holiday.labour_day.value: "劳动节",
    Holiday.dragon_boat_festival.value: "端午节",
    Holiday.mid_autumn_festival.value: "中秋节",
    Holiday.national_day.value: "国庆节",
    Holiday.anti_fascist_70th_day.value: "抗战胜利70周年纪念日",
}

WORKDAY = "工作日"
WEEKEND = "周末"
ADJUSTED_WORKDAY = "调休上班"
ADMIN_PREFIX = "管理员设定:"


def _library_years() -> tuple[int, int]:
    known = chinese_calendar.constants.holidays.keys()
    return min(known).year, max(known).year


LIBRARY_YEARS = _library_years()


def missing_year_note(year: int) -> str:
    """The note every explanation carries when it crossed a year without holiday data."""
    return f"{year}年法定节假日数据缺失,按周一至周五计算,可由管理员补充"


class WorkdayCalendar:
    """China's working days: admin overrides first, then `chinese_calendar`, else Monday–Friday.

    Overrides are read from `CalendarDay` in one query on first use (or passed in as
    `{date: (is_workday, note)}`); share one instance across a page or a batch.
    """

    def __init__(self, overrides: Mapping[date, tuple[bool, str]] | None = None) -> None:
        self._overrides: dict[date, tuple[bool, str]] | None = (
            dict(overrides) if overrides is not None else None
        )
        self._reads_database = overrides is None
        self._admin_years: set[int] | None = None

    def reload(self) -> None:
        """Forget the admin overrides read from the database: the next lookup reads them again."""
        if self._reads_database:
            self._overrides, self._admin_years = None, None

    @property
    def overrides(self) -> dict[date, tuple[bool, str]]:
        """Admin overrides by date, loaded once per calendar."""
        if self._overrides is None:
            from tian.handling.models import CalendarDay

            self._overrides = {
                row.date: (row.is_workday, row.note) for row in CalendarDay.objects.all()
            }
        return self._overrides

    def knows_year(self, year: int) -> bool:
        """True if the library has the year's holidays or an admin entered days for it."""
        if LIBRARY_YEARS[0] <= year <= LIBRARY_YEARS[1]:
            return True
        if self._admin_years is None:
            self._admin_years = {day.year for day in self.overrides}
        return year in self._admin_years

    def _lookup(self, day: date) -> tuple[bool, str]:
        override = self.overrides.get(day)
        if override is not None:
            is_workday, note = override
            return is_workday, ADMIN_PREFIX + (note or ("上班" if is_workday else "休息"))
        try:
            is_workday = chinese_calendar.is_workday(day)
            _, name = chinese_calendar.get_holiday_detail(day)
        except NotImplementedError:
            is_workday, name = day.weekday() < 5, None
        if name is not None:
            holiday = HOLIDAY_NAMES.get(name, name)
            return is_workday, holiday + ADJUSTED_WORKDAY if is_workday else holiday
        if is_workday:
            return True, WORKDAY if day.weekday() < 5 else ADJUSTED_WORKDAY
        return False, WEEKEND if day.weekday() >= 5 else "休息日"

    def is_workday(self, day: date) -> bool:
        """Whether people work on `day`."""
        return self._lookup(day)[0]

    def reason(self, day: date) -> str:
        """Why `day` is (not) a working day: 国庆节, 周末, 国庆节调休上班, 管理员设定:…, 工作日."""
        return self._lookup(day)[1]

    def on_or_after(self, day: date) -> date:
        """The first working day on or after `day`."""
        while not self.is_workday(day):
            day += timedelta(days=1)
        return day

    def on_or_before(self, day: date) -> date:
        """The last working day on or before `day`."""
        while not self.is_workday(day):
            day -= timedelta(days=1)
        return day

    def shift(self, day: date, n: int) -> date:
        """The working day `n` working days after `day` (before it when `n` is negative);
        `day` itself is not counted."""
        if n >= 0:
            return add_workdays(self, day, n)[0]
        step, counted = timedelta(days=-1), 0
        while counted < -n:
            day += step
            if self.is_workday(day):
                counted += 1
        return day


class SkippedDay(NamedTuple):
    """A non-working day passed over while counting, with its reason (国庆节, 周末, …)."""

    day: date
    reason: str


def add_workdays(
    calendar: WorkdayCalendar, start: date, n: int
) -> tuple[date, tuple[SkippedDay, ...]]:
    """The date `n` working days after `start` (start not counted) and the days skipped."""
    if n < 0:
        raise ValueError("n must not be negative")
    day, counted, skipped = start, 0, []
    while counted < n:
        day += timedelta(days=1)
        if calendar.is_workday(day):
            counted += 1
        else:
            skipped.append(SkippedDay(day, calendar.reason(day)))
    return day, tuple(skipped)


def add_months(start: date, n: int) -> date:
    """The same day `n` calendar months later, clamped to month end (1月31日 + 1 → 2月28/29日)."""
    month_index = start.month - 1 + n
    year, month = start.year + month_index // 12, month_index % 12 + 1
    last = _calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last))


class AddMonths(Func):
    """`add_months` in the database: the date `months` later, clamped to the month's end, so
    figures can compare due dates row by row without leaving SQL."""

    output_field = DateField()

    def __init__(self, expression: Any, months: int) -> None:
        super().__init__(expression)
        self.months = int(months)

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        # PostgreSQL's interval arithmetic clamps to the month's end already.
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(({sql}) + interval '{self.months} months')::date", list(params)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        # SQLite rolls 31 January + 1 month over into March; cap it at the target month's end.
        sql, params = compiler.compile(self.source_expressions[0])
        n = self.months
        text = (
            f"min(date({sql}, '+{n} months'), "
            f"date({sql}, 'start of month', '+{n + 1} months', '-1 day'))"
        )
        return text, [*params, *params]


# ---------------------------------------------------------------------------------------------
# Due dates that explain themselves


def _cn_range(first: date, last: date) -> str:
    if first == last:
        return cn_date(first)
    if first.year != last.year:
        return f"{cn_date(first)}至{cn_date(last)}"
    if first.month != last.month:
        return f"{cn_date(first)}至{last.month}月{last.day}日"
    return f"{cn_date(first)}至{last.day}日"


def group_days(days: Iterable[SkippedDay]) -> list[tuple[date, date, str]]:
    """Consecutive days with the same reason as (first, last, reason) ranges."""
    ranges: list[tuple[date, date, str]] = []
    for day, reason in days:
        if ranges and ranges[-1][2] == reason and ranges[-1][1] + timedelta(days=1) == day:
            ranges[-1] = (ranges[-1][0], day, reason)
        else:
            ranges.append((day, day, reason))
    return ranges


@dataclass(frozen=True)
class DueDate:
    """A due date with how it was computed: start, rule, non-working days skipped, notes."""

    due: date
    start: date
    rule: str
    skipped: tuple[SkippedDay, ...] = ()
    notes: tuple[str, ...] = ()
    basis: str = ""  # what the start date is, e.g. 交办之日, 答复期限

    def __str__(self) -> str:
        return cn_date(self.due)

    def explain(self) -> str:
        """How the date was computed, in Chinese, e.g. 自…起15个工作日,至…;其间跳过:…."""
        start = cn_date(self.start) + (f"({self.basis})" if self.basis else "")
        if self.due >= self.start:
            text = f"自{start}起{self.rule},至{cn_date(self.due)}"
        else:
            text = f"{start}前{self.rule},即{cn_date(self.due)}"
        if self.skipped:
            ranges = group_days(self.skipped)
            text += ";其间跳过:" + ",".join(f"{_cn_range(a, b)} {r}" for a, b, r in ranges)
        if self.notes:
            text += ";" + ";".join(self.notes)
        return text + "。"

    def days_left(self, today: date) -> int:
        """Calendar days from `today` to the due date; negative once overdue."""
        return (self.due - today).days

    def is_overdue(self, today: date) -> bool:
        """Past due: the due date is before `today` (the due day itself still counts as in time)."""
        return self.due < today


def _workday_due(start: date, n: int, basis: str, calendar: WorkdayCalendar | None) -> DueDate:
    calendar = calendar if calendar is not None else WorkdayCalendar()
    due, skipped = add_workdays(calendar, start, n)
    notes: list[str] = []
    counted_specials = [
        SkippedDay(day, calendar.reason(day))
        for day in (start + timedelta(days=i) for i in range(1, (due - start).days + 1))
        if calendar.is_workday(day) and calendar.reason(day) != WORKDAY
    ]
    for first, last, reason in group_days(counted_specials):
        notes.append(f"{_cn_range(first, last)} {reason},计为工作日")
    years = range(start.year, due.year + 1) if n else ()
    notes.extend(missing_year_note(y) for y in years if not calendar.knows_year(y))
    return DueDate(
        due=due,
        start=start,
        rule=f"{n}个工作日",
        skipped=skipped,
        notes=tuple(notes),
        basis=basis,
    )


def _month_due(start: date, n: int, basis: str) -> DueDate:
    due = add_months(start, n)
    notes = ()
    if due.day != start.day:
        notes = (f"{due.year}年{due.month}月无{start.day}日,取该月最后一日",)
    return DueDate(due=due, start=start, rule=f"{n}个月", notes=notes, basis=basis)


def objection_due(assigned_on: date, *, calendar: WorkdayCalendar | None = None) -> DueDate:
    """Last day a unit may object to an assignment (申请调整): 5 working days after it."""
    return _workday_due(assigned_on, rules().objection_workdays, "交办之日", calendar)


def reply_due(deadline_from: date, extension_to: date | None = None) -> DueDate:
    """Reply due (答复期限): 3 calendar months from the deadline start, or the extension."""
    due = _month_due(deadline_from, rules().reply_months, "交办之日")
    if extension_to is None:
        return due
    return DueDate(
        due=extension_to,
        start=deadline_from,
        rule=f"{due.rule},经批准延期(原定{cn_date(due.due)})",
        basis=due.basis,
    )


def first_contact_due(assigned_on: date, *, calendar: WorkdayCalendar | None = None) -> DueDate:
    """First contact with the proposer (沟通): 15 working days after assignment."""
    return _workday_due(assigned_on, rules().first_contact_workdays, "交办之日", calendar)


def co_opinion_due(reply_due_date: DueDate | date) -> DueDate:
    """Co-units' opinions (协办意见): 20 calendar days before the lead unit's reply is due."""
    reply_on = reply_due_date.due if isinstance(reply_due_date, DueDate) else reply_due_date
    days = rules().co_opinion_days_before_reply
    return DueDate(
        due=reply_on - timedelta(days=days),
        start=reply_on,
        rule=f"{days}日",
        basis="主办单位答复期限",
    )


def verdict_due(replied_on: date, *, calendar: WorkdayCalendar | None = None) -> DueDate:
    """The proposer's verdict (征询意见表): 15 working days after the reply."""
    return _workday_due(replied_on, rules().verdict_workdays, "答复之日", calendar)


def rehandling_due(started_on: date) -> DueDate:
    """Reply after re-handling (重新办理): 1 calendar month from its start."""
    return _month_due(started_on, rules().rehandling_months, "重新办理之日")


def publish_due(replied_on: date, *, calendar: WorkdayCalendar | None = None) -> DueDate:
    """Publication of the reply (公开): 20 working days after it, unless withheld with reason."""
    return _workday_due(replied_on, rules().publish_workdays, "答复之日", calendar)


def check_extension(deadline_from: date, new_due: date, already_extended: bool) -> DueDate:
    """Refuse an extension that breaks the rules (once only, later, within 6 months); else
    return the extended reply due date."""
    if already_extended:
        raise ActionError("每件提案只能延期一次。")
    current = reply_due(deadline_from)
    if new_due <= current.due:
        raise ActionError(f"延期后的期限应晚于原答复期限({cn_date(current.due)})。")
    months = rules().max_reply_months
    cap = add_months(deadline_from, months)
    if new_due > cap:
        raise ActionError(f"延期后不得超过交办之日起{months}个月(最迟{cn_date(cap)})。")
    return reply_due(deadline_from, new_due)


# ---------------------------------------------------------------------------------------------
# From recorded facts


def _active_assignments(proposal: Proposal) -> list[Assignment]:
    from tian.handling.models import Assignment

    # .all() so a caller's prefetch_related("assignments") is used instead of a query.
    return [a for a in proposal.assignments.all() if a.status == Assignment.Status.ACTIVE]


def _pick_lead(assignments: Iterable[Assignment]) -> Assignment | None:
    from tian.handling.models import Assignment

    ranked = sorted(
        (a for a in assignments if a.is_leading),
        key=lambda a: (a.role != Assignment.Role.LEAD, a.pk or 0),
    )
    return ranked[0] if ranked else None


def lead_assignment(proposal: Proposal) -> Assignment | None:
    """The active lead (主办) assignment, else the first joint lead (会办); None if unassigned."""
    return _pick_lead(_active_assignments(proposal))


def _deadline_start(assignment: Assignment) -> date | None:
    return assignment.deadline_from or assignment.assigned_on


Row = TypeVar("Row", bound=Any)


def _latest(rows: Iterable[Row], key: str) -> Row | None:
    present = [r for r in rows if getattr(r, key) is not None]
    return max(present, key=lambda r: (getattr(r, key), r.pk or 0)) if present else None


def proposal_deadlines(
    proposal: Proposal, *, calendar: WorkdayCalendar | None = None
) -> dict[str, DueDate]:
    """The due dates that apply to a proposal now, keyed objection, first_contact, reply,
    co_opinion, verdict, publish, rehandling — computed from its assignments and records."""
    from tian.handling.models import Assignment, Reply

    calendar = calendar if calendar is not None else WorkdayCalendar()
    assignments = _active_assignments(proposal)
    lead = _pick_lead(assignments)
    result: dict[str, DueDate] = {}
    if lead is None or _deadline_start(lead) is None:
        return result
    if lead.assigned_on is not None:
        result["objection"] = objection_due(lead.assigned_on, calendar=calendar)
        result["first_contact"] = first_contact_due(lead.assigned_on, calendar=calendar)
    extension = _latest(proposal.extensions.all(), "new_due_on")
    result["reply"] = reply_due(
        _deadline_start(lead), extension.new_due_on if extension is not None else None
    )
    if any(a.role == Assignment.Role.CO for a in assignments):
        result["co_opinion"] = co_opinion_due(result["reply"])
    reply = _latest(
        (r for r in proposal.replies.all() if r.status == Reply.Status.ACCEPTED), "replied_on"
    )
    if reply is not None:
        result["verdict"] = verdict_due(reply.replied_on, calendar=calendar)
        if reply.disclosure == Reply.Disclosure.PUBLISH:
            result["publish"] = publish_due(reply.replied_on, calendar=calendar)
    rehandling = _latest(proposal.rehandlings.all(), "started_on")
    if rehandling is not None:
        result["rehandling"] = rehandling_due(rehandling.started_on)
    return result


def extensions_by_proposal(proposal_ids: Iterable[int]) -> dict[int, date]:
    """The latest approved extension date per proposal id, in one query."""
    from tian.handling.models import Extension

    result: dict[int, date] = {}
    rows = Extension.objects.filter(proposal_id__in=list(proposal_ids)).order_by("created_at", "id")
    for proposal_id, new_due_on in rows.values_list("proposal_id", "new_due_on"):
        result[proposal_id] = new_due_on
    return result


def reply_due_for(
    assignments: Iterable[Assignment], extensions: Mapping[int, date] | None = None
) -> dict[int, DueDate]:
    """Reply due dates by proposal id for a worklist, without queries.

    Pass the proposals' active lead/joint assignments, e.g. `Assignment.objects.filter(
    proposal__in=…, status="active", role__in=["lead", "joint"])`, and
    `extensions_by_proposal(ids)`; per proposal the lead wins over a joint lead, as in
    `lead_assignment`. Two queries for any number of proposals.
    """
    by_proposal: dict[int, list[Assignment]] = {}
    for assignment in assignments:
        by_proposal.setdefault(assignment.proposal_id, []).append(assignment)
    extensions = extensions or {}
    result: dict[int, DueDate] = {}
    for proposal_id, rows in by_proposal.items():
        lead = _pick_lead(rows)
        start = _deadline_start(lead) if lead is not None else None
        if start is not None:
            result[proposal_id] = reply_due(start, extensions.get(proposal_id))
    return result
