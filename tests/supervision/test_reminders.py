"""Reminders (催办) escalate on schedule, are sent once per step, and go quiet after an extension.

The reply below was assigned on 2023年3月1日, so it is due 2023年6月1日 (a Thursday). With the
default schedule: 10 working days before is 2023年5月18日 (clerk), the due day adds the unit
leader, 5 working days overdue (2023年6月8日) adds the office.
"""

from __future__ import annotations

from datetime import date
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from tian.audit.events import EventType
from tian.audit.models import AuditEvent
from tian.handling.actions import extend_deadline
from tian.handling.models import Assignment, Reply
from tian.notifications.models import Notification
from tian.proposals.models import Proposal, Status
from tian.supervision.models import Commitment, Reminder
from tian.supervision.reminders import sweep as reminders
from tian.supervision.reminders.tasks import send_reminders

pytestmark = pytest.mark.django_db

ASSIGNED = date(2023, 3, 1)
DUE = date(2023, 6, 1)
CLERK_DAY = date(2023, 5, 18)
OFFICE_DAY = date(2023, 6, 8)


def sweep(day: date) -> list[reminders.SentReminder]:
    with time_machine.travel(day, tick=False):
        return reminders.send_due_reminders(day)


def recipients_of(sent: reminders.SentReminder) -> set[str]:
    return set(sent.recipients)


@pytest.fixture
def in_handling(personas: Any, session: Any, unit: Any) -> Proposal:
    """A proposal the personas' unit leads, assigned on 2023年3月1日."""
    proposal = Proposal.objects.create(
        session=session,
        number=12,
        title="关于加强灵活就业人员社保服务的建议",
        lead_proposer=personas.member.proposer,
        status=Status.HANDLING,
    )
    Assignment.objects.create(
        proposal=proposal,
        unit=unit,
        role=Assignment.Role.LEAD,
        assigned_on=ASSIGNED,
        deadline_from=ASSIGNED,
    )
    return proposal


@pytest.fixture
def names(personas: Any) -> dict[str, str]:
    return {
        "clerk": str(personas.unit_clerk),
        "head": str(personas.unit_head),
        "office": str(personas.office),
    }


def test_nothing_is_sent_before_the_first_step(in_handling, names):
    assert sweep(date(2023, 5, 17)) == []


def test_the_unit_clerk_alone_is_reminded_ten_working_days_before_the_reply_is_due(
    in_handling, names
):
    [sent] = sweep(CLERK_DAY)
    assert recipients_of(sent) == {names["clerk"]}


def test_the_unit_leader_joins_on_the_due_day(in_handling, names):
    sweep(CLERK_DAY)
    [sent] = sweep(DUE)
    assert recipients_of(sent) == {names["clerk"], names["head"]}


def test_the_office_joins_five_working_days_after_the_due_date(in_handling, names):
    sweep(CLERK_DAY)
    sweep(DUE)
    assert sweep(date(2023, 6, 7)) == []
    [sent] = sweep(OFFICE_DAY)
    assert recipients_of(sent) == {names["clerk"], names["head"], names["office"]}


def test_each_step_is_recorded_with_its_code_and_due_date(in_handling):
    for day in (CLERK_DAY, DUE, OFFICE_DAY):
        sweep(day)
    rows = Reminder.objects.order_by("sent_on").values_list("step", "due_on", "sent_on")
    assert list(rows) == [
        ("reply-before-10wd", DUE, CLERK_DAY),
        ("reply-due", DUE, DUE),
        ("reply-overdue-5wd", DUE, OFFICE_DAY),
    ]


def test_running_the_sweep_twice_the_same_day_sends_nothing_new(in_handling):
    sweep(DUE)
    assert sweep(DUE) == []
    assert Notification.objects.filter(kind="reminder").count() == 2  # clerk and leader


def test_a_step_already_sent_is_not_sent_again_on_later_days(in_handling):
    sweep(CLERK_DAY)
    assert sweep(date(2023, 5, 25)) == []


def test_a_step_claimed_by_a_concurrent_sweep_is_not_sent_again(in_handling, monkeypatch):
    sweep(CLERK_DAY)
    # As if another worker inserted the row after this sweep read what was already sent.
    monkeypatch.setattr(reminders, "_already_sent", lambda candidates: set())
    assert sweep(CLERK_DAY) == []
    assert Reminder.objects.count() == 1


def test_a_sweep_that_missed_days_sends_only_the_latest_step(in_handling, names):
    [sent] = sweep(OFFICE_DAY)
    assert recipients_of(sent) == {names["clerk"], names["head"], names["office"]}
    assert list(Reminder.objects.values_list("step", flat=True)) == ["reply-overdue-5wd"]


def test_an_approved_extension_silences_the_reply_reminders(in_handling, personas):
    sweep(CLERK_DAY)
    with time_machine.travel(date(2023, 5, 25), tick=False):
        extend_deadline(
            personas.office, in_handling, new_due_on=date(2023, 7, 31), reason="需跨部门协调"
        )
    assert sweep(DUE) == []
    assert sweep(OFFICE_DAY) == []
    assert sweep(date(2023, 7, 14)) == []


def test_after_an_extension_the_schedule_starts_again_from_the_new_due_date(in_handling, personas):
    with time_machine.travel(date(2023, 5, 25), tick=False):
        extend_deadline(
            personas.office, in_handling, new_due_on=date(2023, 7, 31), reason="需跨部门协调"
        )
    # 10 working days before 2023年7月31日 (a Monday) is 2023年7月17日.
    [sent] = sweep(date(2023, 7, 17))
    assert Reminder.objects.get().due_on == date(2023, 7, 31)
    assert "2023年7月31日" in sent.title


def test_a_reply_under_review_by_the_office_is_not_chased(in_handling, unit):
    Reply.objects.create(proposal=in_handling, unit=unit, status=Reply.Status.SUBMITTED)
    assert sweep(DUE) == []


def test_a_replied_proposal_is_not_chased(in_handling):
    in_handling.status = Status.REPLIED
    in_handling.save()
    assert sweep(OFFICE_DAY) == []


def test_the_reminder_names_the_proposal_the_due_date_and_links_to_it(in_handling, personas):
    sweep(DUE)
    notification = Notification.objects.get(recipient=personas.unit_clerk)
    assert notification.title.startswith("催办:第12号提案答复今天(2023年6月1日)到期")
    assert "《关于加强灵活就业人员社保服务的建议》" in notification.body
    assert notification.link == f"/proposals/{in_handling.pk}/"


def test_each_reminder_writes_an_audit_event(in_handling):
    sweep(CLERK_DAY)
    event = AuditEvent.objects.get(event_type=EventType.REMINDER_SENT)
    assert event.proposal == in_handling
    assert event.data["step"] == "reply-before-10wd"


# --- Commitments ----------------------------------------------------------------------------


@pytest.fixture
def promised(in_handling: Proposal, unit: Any) -> Commitment:
    return Commitment.objects.create(
        proposal=in_handling,
        responsible_unit=unit,
        description="建成零工市场服务站",
        due_on=date(2023, 9, 30),
    )


def test_a_commitment_escalates_from_clerk_to_leader_to_office(promised, names):
    in_handling = promised.proposal
    in_handling.status = Status.REPLIED
    in_handling.save()
    assert sweep(date(2023, 9, 15)) == []
    [first] = sweep(date(2023, 9, 16))
    [second] = sweep(date(2023, 9, 30))
    [third] = sweep(date(2023, 10, 30))
    assert recipients_of(first) == {names["clerk"]}
    assert recipients_of(second) == {names["clerk"], names["head"]}
    assert recipients_of(third) == {names["clerk"], names["head"], names["office"]}


def test_a_commitment_reminder_links_to_the_commitment(promised, personas):
    promised.proposal.status = Status.REPLIED
    promised.proposal.save()
    sweep(date(2023, 9, 16))
    notification = Notification.objects.get(recipient=personas.unit_clerk)
    assert "建成零工市场服务站" in notification.body
    assert notification.link == f"/commitments/{promised.pk}/"


def test_a_done_commitment_is_not_chased(promised):
    promised.proposal.status = Status.REPLIED
    promised.proposal.save()
    promised.status = Commitment.Status.DONE
    promised.save()
    assert sweep(date(2023, 10, 30)) == []


def test_a_commitment_split_into_steps_is_chased_through_its_steps(promised, unit):
    promised.proposal.status = Status.REPLIED
    promised.proposal.save()
    step = Commitment.objects.create(
        proposal=promised.proposal,
        parent=promised,
        responsible_unit=unit,
        description="选址",
        due_on=date(2023, 9, 30),
    )
    sweep(date(2023, 9, 30))
    assert list(Reminder.objects.values_list("commitment_id", flat=True)) == [step.pk]


# --- Schedule, efficiency, task, command ---------------------------------------------------


def test_the_schedule_can_be_set_in_the_settings(in_handling, settings, names):
    settings.TIAN_REMINDER_SCHEDULE = {
        "reply": [{"code": "reply-3d-overdue", "days": 3, "to": ["office"]}]
    }
    assert sweep(date(2023, 6, 3)) == []
    [sent] = sweep(date(2023, 6, 4))
    assert recipients_of(sent) == {names["office"]}


def test_a_malformed_schedule_is_refused(settings):
    settings.TIAN_REMINDER_SCHEDULE = {"reply": [{"code": "x", "days": 1, "to": ["mayor"]}]}
    with pytest.raises(ImproperlyConfigured):
        reminders.schedule()


def test_finding_what_to_remind_takes_the_same_queries_for_one_proposal_or_many(
    in_handling, session, unit, personas
):
    sweep(DUE)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert sweep(DUE) == []
        return len(queries)

    one = count_queries()
    for number in range(20, 25):
        other = Proposal.objects.create(
            session=session,
            number=number,
            title=f"提案{number}",
            lead_proposer=personas.member.proposer,
            status=Status.HANDLING,
        )
        Assignment.objects.create(
            proposal=other, unit=unit, assigned_on=ASSIGNED, deadline_from=ASSIGNED
        )
        Commitment.objects.create(
            proposal=other, responsible_unit=unit, description="措施", due_on=DUE
        )
    sweep(DUE)
    assert count_queries() == one


def test_the_task_runs_the_sweep(in_handling, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    result = send_reminders.enqueue(CLERK_DAY.isoformat())
    assert result.return_value["sent"] == 1
    assert Reminder.objects.get().sent_on == CLERK_DAY


def test_the_remind_command_queues_the_task_for_the_worker(in_handling, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("remind", stdout=StringIO())
    assert DBTaskResult.objects.get().task_path == "tian.supervision.reminders.tasks.send_reminders"
    assert not Reminder.objects.exists()


def test_the_remind_command_now_sends_and_prints_what_it_sent(in_handling):
    out = StringIO()
    call_command("remind", "--now", "--date", CLERK_DAY.isoformat(), stdout=out)
    assert "第12号提案答复将于2023年6月1日到期" in out.getvalue()
    assert "共发送催办 1 条" in out.getvalue()


def test_a_commitment_of_a_session_whose_proposals_are_all_closed_is_not_chased(promised):
    promised.proposal.status = Status.CLOSED
    promised.proposal.save()
    assert sweep(date(2023, 9, 16)) == []
    assert sweep(date(2023, 10, 30)) == []


def test_a_closed_proposals_commitment_is_chased_while_its_session_has_open_proposals(
    promised, personas, names
):
    promised.proposal.status = Status.CLOSED
    promised.proposal.save()
    Proposal.objects.create(
        session=promised.proposal.session,
        number=13,
        title="关于完善社区养老服务的建议",
        lead_proposer=personas.member.proposer,
        status=Status.REPLIED,
    )
    [first] = sweep(date(2023, 9, 16))
    assert recipients_of(first) == {names["clerk"]}
