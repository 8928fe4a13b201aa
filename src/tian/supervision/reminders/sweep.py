"""Reminders that escalate (催办): the schedule and the sweep that sends what is due.

A reply coming due goes first to the lead unit's clerks, then also to its leader, then also to
the office; an open commitment likewise to its responsible unit. The due date is derived as
everywhere else (`tian.handling.deadlines`), so an approved extension moves it and the old
steps no longer apply. Each step is sent once per due date: the `Reminder` row is inserted
first, and a unique constraint turns a second sweep or a concurrent worker into a no-op.
The unit's people get a message per item; the office gets one summary per run of the items
that reached its step ("本次催办:答复逾期 12 件…"), so a sweep never piles dozens on it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from tian.audit.actions import record_event
from tian.audit.events import EventType
from tian.directory.models import Role, RoleAssignment, Unit
from tian.handling import deadlines
from tian.handling.deadlines import WorkdayCalendar
from tian.handling.models import Assignment, Reply
from tian.handling.queries import latest_start_due_before
from tian.lib.dates import cn_date
from tian.notifications.actions import notify
from tian.proposals.models import Proposal, Status
from tian.supervision.models import Commitment, Reminder

NOTIFICATION_KIND = "reminder"
# The office's one message per run (本次催办), instead of one per item.
SUMMARY_KIND = "reminder-summary"
# A proposal in one of these states needs nothing more; a session of only these is closed.
ENDED_STATES = (Status.CLOSED, Status.MERGED, Status.REJECTED, Status.CONVERTED)

# Who a step goes to: the unit's clerks (联络员), its leaders (负责人), the office (督查室).
AUDIENCES: dict[str, str] = {
    "unit_staff": Role.UNIT_STAFF,
    "unit_leader": Role.UNIT_LEADER,
    "office": Role.GOV_OFFICE,
}
SUBJECTS = (Reminder.Subject.REPLY, Reminder.Subject.COMMITMENT)

# Offsets are relative to the due date: negative before it, 0 on the day, positive overdue.
DEFAULT_SCHEDULE: dict[str, list[dict[str, Any]]] = {
    "reply": [
        {"code": "reply-before-10wd", "workdays": -10, "to": ["unit_staff"]},
        {"code": "reply-due", "workdays": 0, "to": ["unit_staff", "unit_leader"]},
        {
            "code": "reply-overdue-5wd",
            "workdays": 5,
            "to": ["unit_staff", "unit_leader", "office"],
        },
    ],
    "commitment": [
        {"code": "commitment-before-14d", "days": -14, "to": ["unit_staff"]},
        {"code": "commitment-due", "days": 0, "to": ["unit_staff", "unit_leader"]},
        {
            "code": "commitment-overdue-30d",
            "days": 30,
            "to": ["unit_staff", "unit_leader", "office"],
        },
    ],
}


@dataclass(frozen=True)
class Step:
    """One step of the escalation: when (relative to the due date) and to whom."""

    code: str
    offset: int
    workdays: bool
    audiences: tuple[str, ...]

    def fires_on(self, due: date, calendar: WorkdayCalendar) -> date:
        """The day this step is sent for a given due date."""
        if not self.workdays:
            return due + timedelta(days=self.offset)
        return calendar.shift(due, self.offset)

    @property
    def reaches_office(self) -> bool:
        return "office" in self.audiences


def _parse_step(subject: str, raw: Any) -> Step:
    where = f"TIAN_REMINDER_SCHEDULE[{subject!r}]"
    if not isinstance(raw, Mapping) or not isinstance(raw.get("code"), str) or not raw["code"]:
        raise ImproperlyConfigured(f"{where}: each step needs a code.")
    units = [key for key in ("workdays", "days") if key in raw]
    if len(units) != 1 or not isinstance(raw[units[0]], int):
        raise ImproperlyConfigured(f"{where}: step {raw['code']} needs one of workdays or days.")
    audiences = raw.get("to")
    if not audiences or not isinstance(audiences, list) or set(audiences) - set(AUDIENCES):
        raise ImproperlyConfigured(
            f"{where}: step {raw['code']} needs 'to', a list of {', '.join(AUDIENCES)}."
        )
    return Step(raw["code"], raw[units[0]], units[0] == "workdays", tuple(audiences))


def schedule() -> dict[str, tuple[Step, ...]]:
    """The schedule in force: `TIAN_REMINDER_SCHEDULE` per subject, else the default."""
    overrides = getattr(settings, "TIAN_REMINDER_SCHEDULE", None) or {}
    if not isinstance(overrides, Mapping) or set(overrides) - set(SUBJECTS):
        raise ImproperlyConfigured(
            "TIAN_REMINDER_SCHEDULE must be an object with the keys reply and/or commitment."
        )
    result = {}
    for subject in SUBJECTS:
        steps = tuple(
            _parse_step(subject, raw) for raw in overrides.get(subject, DEFAULT_SCHEDULE[subject])
        )
        codes = [step.code for step in steps]
        if len(set(codes)) != len(codes):
            raise ImproperlyConfigured(f"TIAN_REMINDER_SCHEDULE[{subject!r}]: codes repeat.")
        result[subject] = steps
    return result


def current_step(
    steps: Iterable[Step], due: date, today: date, calendar: WorkdayCalendar
) -> Step | None:
    """The most escalated step that has come round by `today`; None before the first one.

    Only the latest step is sent, so a sweep that missed days does not send a burst of them.
    """
    reached = [(step.fires_on(due, calendar), i, step) for i, step in enumerate(steps)]
    reached = [row for row in reached if row[0] <= today]
    return max(reached, key=lambda row: (row[0], row[1]))[2] if reached else None


def _horizon(steps: Iterable[Step], today: date, calendar: WorkdayCalendar) -> date:
    """The latest due date for which some step may already have come round."""
    horizon = today
    for step in steps:
        if step.offset < 0:
            ahead = (
                calendar.shift(today, -step.offset)
                if step.workdays
                else today - timedelta(days=step.offset)
            )
            horizon = max(horizon, ahead)
    # A due date on a holiday counts back from that day: leave room for a long holiday.
    return horizon + timedelta(days=10)


# --------------------------------------------------------------------------- candidates


@dataclass(frozen=True)
class Due:
    """Something with a due date that the current step says to remind now."""

    subject: str
    proposal: Proposal
    commitment: Commitment | None
    unit: Unit
    due: date
    step: Step

    @property
    def key(self) -> tuple[str, int, str, date]:
        target = self.commitment.pk if self.commitment is not None else self.proposal.pk
        return self.subject, target, self.step.code, self.due


def _reply_candidates(today: date, steps: tuple[Step, ...], calendar: WorkdayCalendar) -> list[Due]:
    """Proposals in handling whose reply step has come round: three queries in all."""
    if not steps:
        return []
    horizon = _horizon(steps, today, calendar)
    # An extension only moves a due date later, so the original due date bounds the search.
    cutoff = latest_start_due_before(horizon + timedelta(days=1), deadlines.rules().reply_months)
    started = (
        Assignment.objects.active()
        .leading()
        .filter(
            Q(deadline_from__lte=cutoff) | Q(deadline_from__isnull=True, assigned_on__lte=cutoff)
        )
    )
    # A unit whose reply is with the office for review is not chased.
    in_review = Reply.objects.filter(
        proposal_id=OuterRef("proposal_id"), status=Reply.Status.SUBMITTED
    )
    rows = list(
        Assignment.objects.active()
        .leading()
        .filter(
            proposal_id__in=started.values("proposal_id"),
            proposal__status__in=[Status.ASSIGNED, Status.HANDLING],
        )
        .filter(~Exists(in_review))
        .select_related("proposal", "unit")
        .order_by("proposal_id", "id")
    )
    due_by_proposal = deadlines.reply_due_for(
        rows, deadlines.extensions_by_proposal({row.proposal_id for row in rows})
    )
    lead_by_proposal: dict[int, Assignment] = {}
    for row in rows:
        known = lead_by_proposal.get(row.proposal_id)
        # The lead (主办) answers for the proposal, else the first joint lead (会办).
        if known is None or (row.role == Assignment.Role.LEAD and known.role != row.role):
            lead_by_proposal[row.proposal_id] = row
    result = []
    for proposal_id, lead in lead_by_proposal.items():
        due = due_by_proposal.get(proposal_id)
        step = current_step(steps, due.due, today, calendar) if due is not None else None
        if step is not None:
            result.append(
                Due(Reminder.Subject.REPLY, lead.proposal, None, lead.unit, due.due, step)
            )
    return result


def _commitment_candidates(
    today: date, steps: tuple[Step, ...], calendar: WorkdayCalendar
) -> list[Due]:
    """Open commitments whose step has come round: one query. A commitment broken into
    sub-steps is chased through the sub-steps, which are what units report on."""
    if not steps:
        return []
    live_children = Commitment.objects.filter(parent_id=OuterRef("pk")).exclude(
        status=Commitment.Status.CANCELLED
    )
    # A session whose proposals have all reached an end is closed: nobody is chased for it.
    session_still_open = Proposal.objects.filter(
        session_id=OuterRef("proposal__session_id")
    ).exclude(status__in=ENDED_STATES)
    rows = (
        Commitment.objects.filter(
            status=Commitment.Status.OPEN, due_on__lte=_horizon(steps, today, calendar)
        )
        .filter(~Exists(live_children))
        .filter(Exists(session_still_open))
        .select_related("proposal", "responsible_unit")
        .order_by("due_on", "id")
    )
    result = []
    for commitment in rows:
        step = current_step(steps, commitment.due_on, today, calendar)
        if step is not None:
            result.append(
                Due(
                    Reminder.Subject.COMMITMENT,
                    commitment.proposal,
                    commitment,
                    commitment.responsible_unit,
                    commitment.due_on,
                    step,
                )
            )
    return result


def _already_sent(candidates: list[Due]) -> set[tuple[str, int, str, date]]:
    proposals = [c.proposal.pk for c in candidates if c.commitment is None]
    commitments = [c.commitment.pk for c in candidates if c.commitment is not None]
    if not candidates:
        return set()
    rows = Reminder.objects.filter(
        Q(subject=Reminder.Subject.REPLY, proposal_id__in=proposals)
        | Q(subject=Reminder.Subject.COMMITMENT, commitment_id__in=commitments)
    ).values_list("subject", "proposal_id", "commitment_id", "step", "due_on")
    return {
        (subject, commitment_id or proposal_id, step, due_on)
        for subject, proposal_id, commitment_id, step, due_on in rows
    }


class _People:
    """The active accounts a step may go to, for all units at once (one query)."""

    def __init__(self, unit_ids: Iterable[int]) -> None:
        self.by_unit: dict[tuple[str, int | None], list[Any]] = {}
        rows = (
            RoleAssignment.objects.filter(
                Q(role__in=[Role.UNIT_STAFF, Role.UNIT_LEADER], unit_id__in=set(unit_ids))
                | Q(role=Role.GOV_OFFICE),
                user__is_active=True,
            )
            .select_related("user")
            .order_by("user_id")
        )
        for row in rows:
            unit_id = None if row.role == Role.GOV_OFFICE else row.unit_id
            self.by_unit.setdefault((row.role, unit_id), []).append(row.user)

    def for_step(self, step: Step, unit: Unit) -> list[Any]:
        """The unit's people the step goes to (the office hears through the run's summary)."""
        people: dict[int, Any] = {}
        for audience in step.audiences:
            role = AUDIENCES[audience]
            if role != Role.GOV_OFFICE:
                for user in self.by_unit.get((role, unit.pk), []):
                    people.setdefault(user.pk, user)
        return list(people.values())

    @property
    def office(self) -> list[Any]:
        return self.by_unit.get((Role.GOV_OFFICE, None), [])


# --------------------------------------------------------------------------- sending


@dataclass(frozen=True)
class SentReminder:
    """What one reminder said and to whom, for the console and the task result."""

    reminder_id: int
    title: str
    recipients: tuple[str, ...]
    item: Due | None = None

    def __str__(self) -> str:
        return f"{self.title} → {'、'.join(self.recipients) or '(无可用账号)'}"


def _when(due: date, today: date) -> str:
    days = (due - today).days
    if days > 0:
        return f"将于{cn_date(due)}到期(还有{days}天)"
    if days == 0:
        return f"今天({cn_date(due)})到期"
    return f"已逾期{-days}天(期限为{cn_date(due)})"


def _message(item: Due, today: date) -> tuple[str, str, str]:
    """Title, body and link of the notification for one reminder."""
    proposal = item.proposal
    label = f"{proposal.number_label}{proposal.noun}《{proposal.title}》"
    when = _when(item.due, today)
    if item.commitment is None:
        title = f"催办:{proposal.number_label}{proposal.noun}答复{when}"
        body = (
            f"{label}由{item.unit.display_name}主办,答复{when}"
            "(已批准延期的按延期后的期限计算)。请抓紧办理,按程序签发、报送答复。"
        )
        url = reverse("proposal-detail", args=[proposal.pk])
    else:
        commitment = item.commitment
        title = f"催办:{proposal.number_label}{proposal.noun}实施清单事项{when}"
        body = (
            f"{label}答复中承诺的措施“{commitment.description}”由{item.unit.display_name}负责,"
            f"完成时限{when},目前进度{commitment.progress}%。请抓紧推进并及时报告进展。"
        )
        url = reverse("commitment-detail", args=[commitment.pk])
    if item.step.reaches_office:
        body += "本次催办已同时告知单位负责人和政府办督查室。"
    elif "unit_leader" in item.step.audiences:
        body += "本次催办已同时告知单位负责人。"
    return title, body, url


def _ask(item: Due, today: date) -> tuple[str, date | None]:
    """What the reminder asks and by when: by the due date, or as soon as possible once past."""
    action = "答复" if item.commitment is None else "完成"
    if item.due < today:
        return f"尽快{action}", None
    return action, item.due


def _send(item: Due, people: _People, today: date) -> SentReminder | None:
    """Claim the step by inserting its row, then notify the unit and audit — all or nothing.

    A step that reaches the office records it among the recipients; the office reads it in
    the run's one summary (`_summarise`), not in a message of its own.
    """
    told = people.for_step(item.step, item.unit)
    recipients = told + (people.office if item.step.reaches_office else [])
    title, body, url = _message(item, today)
    action, due_on = _ask(item, today)
    with transaction.atomic():
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(
                    subject=item.subject,
                    proposal=item.proposal,
                    commitment=item.commitment,
                    unit=item.unit,
                    step=item.step.code,
                    due_on=item.due,
                    sent_on=today,
                )
        except IntegrityError:
            return None  # another sweep sent this step first
        reminder.recipients.set(recipients)
        notify(
            told,
            kind=NOTIFICATION_KIND,
            title=title,
            body=body,
            proposal=item.proposal,
            url=url,
            action=action,
            due_on=due_on,
        )
        names = [str(user) for user in recipients]
        record_event(
            None,
            EventType.REMINDER_SENT,
            proposal=item.proposal,
            target=reminder,
            message=f"{title}(发送给:{'、'.join(names) or '无可用账号'})",
            subject=item.subject,
            step=item.step.code,
            due_on=item.due.isoformat(),
            recipients=[user.pk for user in recipients],
        )
    return SentReminder(reminder.pk, title, tuple(names), item)


# How the office's summary names what a run chased, in this order.
_SUMMARY_KINDS = (
    (Reminder.Subject.REPLY, "overdue", "答复逾期", "件"),
    (Reminder.Subject.REPLY, "today", "答复今天到期", "件"),
    (Reminder.Subject.REPLY, "soon", "答复即将到期", "件"),
    (Reminder.Subject.COMMITMENT, "overdue", "措施逾期", "项"),
    (Reminder.Subject.COMMITMENT, "today", "措施今天到期", "项"),
    (Reminder.Subject.COMMITMENT, "soon", "措施即将到期", "项"),
)
SUMMARY_LINES = 30


def _state(due: date, today: date) -> str:
    return "overdue" if due < today else "today" if due == today else "soon"


def summary_message(items: list[Due], today: date) -> tuple[str, str]:
    """The office's one message for a run: "本次催办:答复逾期 12 件、即将到期 5 件…" and a
    line per item (the first SUMMARY_LINES)."""
    counts: dict[tuple[str, str], int] = {}
    for item in items:
        key = (item.subject, _state(item.due, today))
        counts[key] = counts.get(key, 0) + 1
    parts = [
        f"{label} {counts[(subject, state)]} {measure}"
        for subject, state, label, measure in _SUMMARY_KINDS
        if counts.get((subject, state))
    ]
    title = f"本次催办:{'、'.join(parts)}"
    lines = []
    for item in items[:SUMMARY_LINES]:
        proposal = item.proposal
        what = "答复" if item.commitment is None else f"措施“{item.commitment.description}”"
        lines.append(
            f"· {proposal.number_label}{proposal.noun}{what}{_when(item.due, today)}"
            f"({item.unit.display_name})"
        )
    if len(items) > SUMMARY_LINES:
        lines.append(f"……等{len(items)}项,详见督查督办一览。")
    body = "已向承办单位发出以下催办:\n" + "\n".join(lines)
    return title, body


def _summarise(sent: list[SentReminder], people: _People, today: date) -> None:
    """Tell the office in one message what this run chased at the office's steps."""
    items = [r.item for r in sent if r.item is not None and r.item.step.reaches_office]
    if not items or not people.office:
        return
    title, body = summary_message(items, today)
    with transaction.atomic():
        notify(
            people.office,
            kind=SUMMARY_KIND,
            title=title,
            body=body,
            url=reverse("oversight"),
            action="督办",
        )


def send_due_reminders(
    today: date | None = None, *, calendar: WorkdayCalendar | None = None
) -> list[SentReminder]:
    """Send every reminder step that has come round by `today` and was not sent before.

    Candidates are found in a fixed number of queries however many proposals there are;
    each reminder is then claimed, notified and audited in its own transaction.
    """
    today = today or timezone.localdate()
    calendar = calendar if calendar is not None else WorkdayCalendar()
    plan = schedule()
    candidates = _reply_candidates(today, plan[Reminder.Subject.REPLY], calendar)
    candidates += _commitment_candidates(today, plan[Reminder.Subject.COMMITMENT], calendar)
    sent_before = _already_sent(candidates)
    fresh = [item for item in candidates if item.key not in sent_before]
    if not fresh:
        return []
    people = _People(item.unit.pk for item in fresh)
    results = []
    for item in fresh:
        result = _send(item, people, today)
        if result is not None:
            results.append(result)
    _summarise(results, people, today)
    return results
