"""A unit reports progress on its commitments; parents follow their sub-steps."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.supervision.commitment_helpers import measure, pdf, replied_proposal
from tian.audit.events import EventType
from tian.audit.models import AuditEvent
from tian.lib.errors import ActionError
from tian.supervision.commitments.actions import add_substep, report_progress, rollup
from tian.supervision.models import Commitment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _summer_2022():
    with time_machine.travel(date(2022, 8, 1), tick=False):
        yield


@pytest.fixture
def commitment(personas, session, unit):
    return measure(replied_proposal(personas, session, unit), unit)


def report(user, commitment, progress, **kw):
    kw.setdefault("reported_on", date(2022, 7, 1))
    kw.setdefault("note", "已完成场地选址。")
    return report_progress(user, commitment, progress=progress, **kw)


def test_the_unit_clerk_reports_progress_with_evidence_and_one_audit_event(personas, commitment):
    update = report(personas.unit_clerk, commitment, 40, evidence=pdf())
    commitment.refresh_from_db()
    assert (commitment.progress, commitment.status) == (40, Commitment.Status.OPEN)
    assert update.evidence_type == "application/pdf"
    assert update.evidence.read().startswith(b"%PDF")
    events = AuditEvent.objects.filter(event_type=EventType.PROGRESS_REPORTED)
    assert [(e.proposal_id, e.message) for e in events] == [
        (commitment.proposal_id, "建设零工市场:40%")
    ]


def test_a_hundred_percent_marks_the_commitment_done(personas, commitment):
    report(personas.unit_head, commitment, 100)
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.DONE


def test_a_backdated_report_does_not_override_a_later_one(personas, commitment):
    report(personas.unit_clerk, commitment, 60, reported_on=date(2022, 7, 20))
    report(personas.unit_clerk, commitment, 30, reported_on=date(2022, 6, 1))
    commitment.refresh_from_db()
    assert commitment.progress == 60


def test_another_unit_may_not_report(personas, commitment):
    with pytest.raises(PermissionDenied):
        report(personas.co_clerk, commitment, 50)
    with pytest.raises(PermissionDenied):
        report(personas.office, commitment, 50)
    assert not commitment.updates.exists()


@pytest.mark.parametrize("progress", [101, -1])
def test_progress_outside_0_to_100_is_refused(personas, commitment, progress):
    with pytest.raises(ActionError, match="0 到 100"):
        report(personas.unit_clerk, commitment, progress)


def test_a_file_that_is_not_a_document_or_image_is_refused(personas, commitment):
    fake = SimpleUploadedFile("照片.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ActionError, match="不是允许的类型"):
        report(personas.unit_clerk, commitment, 50, evidence=fake)
    assert not commitment.updates.exists()


def test_a_future_date_and_an_empty_note_are_refused(personas, commitment):
    with pytest.raises(ActionError, match="晚于今天"):
        report(personas.unit_clerk, commitment, 50, reported_on=date(2022, 8, 2))
    with pytest.raises(ActionError, match="进展情况"):
        report(personas.unit_clerk, commitment, 50, note="  ")


def test_a_done_commitment_takes_no_more_reports(personas, commitment):
    report(personas.unit_clerk, commitment, 100)
    with pytest.raises(ActionError, match="已完成"):
        report(personas.unit_clerk, commitment, 80)


def test_a_parents_progress_is_the_mean_of_its_steps_and_done_when_all_are(personas, commitment):
    first = add_substep(
        personas.unit_clerk, commitment, description="选址", due_on=date(2022, 6, 30)
    )
    second = add_substep(
        personas.office, commitment, description="装修投用", due_on=date(2022, 9, 30)
    )
    report(personas.unit_clerk, first, 100)
    commitment.refresh_from_db()
    assert (commitment.progress, commitment.status) == (50, Commitment.Status.OPEN)
    report(personas.unit_clerk, second, 50)
    commitment.refresh_from_db()
    assert commitment.progress == 75
    report(personas.unit_clerk, second, 100, reported_on=date(2022, 7, 30))
    commitment.refresh_from_db()
    assert (commitment.progress, commitment.status) == (100, Commitment.Status.DONE)


def test_a_parent_with_steps_takes_no_direct_report(personas, commitment):
    add_substep(personas.unit_clerk, commitment, description="选址", due_on=date(2022, 6, 30))
    with pytest.raises(ActionError, match="分解"):
        report(personas.unit_clerk, commitment, 50)


def test_cancelled_steps_do_not_count_in_the_roll_up(personas, commitment, unit):
    measure(commitment.proposal, unit, "甲", parent=commitment, progress=100, status="done")
    measure(commitment.proposal, unit, "乙", parent=commitment, progress=0, status="cancelled")
    rollup(commitment)
    commitment.refresh_from_db()
    assert (commitment.progress, commitment.status) == (100, Commitment.Status.DONE)


def test_another_unit_may_not_split_a_commitment(personas, commitment):
    with pytest.raises(PermissionDenied):
        add_substep(personas.co_clerk, commitment, description="选址", due_on=date(2022, 6, 30))


def test_a_step_is_not_split_again(personas, commitment):
    step = add_substep(
        personas.unit_clerk, commitment, description="选址", due_on=date(2022, 6, 30)
    )
    with pytest.raises(ActionError, match="步骤不能再分解"):
        add_substep(personas.unit_clerk, step, description="看场地", due_on=date(2022, 5, 30))
