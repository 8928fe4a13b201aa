"""Joining the year's cross-year list (列入跨年度跟踪) is an audited action run by the
background sweep or by the office's button — never a side effect of opening a page — and
the cross-year figure is computed from the records, whoever has looked at what."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from tests.supervision.commitment_helpers import measure, replied_proposal
from tests.supervision.test_tracking import graded, later
from tian.audit.events import EventType
from tian.audit.models import AuditEvent
from tian.supervision.models import Tracking
from tian.supervision.tracking.actions import join_tracking
from tian.supervision.tracking.tasks import join_tracking_lists

pytestmark = pytest.mark.django_db


@pytest.fixture
def next_year(session: Any) -> Any:
    return later(session, 2023)


@pytest.fixture
def in_progress(personas: Any, session: Any, unit: Any) -> Any:
    """A 2022 proposal graded B (正在解决) by its final accepted reply."""
    return graded(replied_proposal(personas, session, unit, number=5), unit, "B")


def stats(slug: str) -> dict[str, Any]:
    out = StringIO()
    call_command("stats", "--session", slug, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_a_fresh_session_counts_an_earlier_proposal_in_progress_with_no_page_opened(
    in_progress, next_year
):
    assert not Tracking.objects.exists()
    assert stats("test-2023")["cross_year"] == 1
    assert stats("test-2022")["cross_year"] == 0
    assert not Tracking.objects.exists()


def test_an_earlier_resolved_proposal_with_an_open_commitment_counts_too(
    personas, session, unit, next_year
):
    proposal = graded(replied_proposal(personas, session, unit, number=6), unit, "A")
    measure(proposal, unit)
    assert stats("test-2023")["cross_year"] == 1


def test_a_proposal_joined_this_year_still_counts_after_its_commitments_are_done(
    personas, session, unit, next_year
):
    proposal = graded(replied_proposal(personas, session, unit, number=6), unit, "A")
    step = measure(proposal, unit)
    join_tracking(None, next_year)
    step.status, step.progress = "done", 100
    step.save()
    assert stats("test-2023")["cross_year"] == 1


def test_opening_the_tracking_page_writes_nothing(client, personas, in_progress, next_year):
    for user in (personas.office, personas.unit_clerk, personas.member):
        client.force_login(user)  # signing in is itself an audit event; the page adds none
        rows, events = Tracking.objects.count(), AuditEvent.objects.count()
        response = client.get(reverse("tracking-list"), {"session": "test-2023"})
        assert response.status_code == 200
        assert Tracking.objects.count() == rows == 0
        assert AuditEvent.objects.count() == events


def test_the_page_tells_the_office_what_is_waiting_to_join(
    client, personas, in_progress, next_year
):
    client.force_login(personas.office)
    response = client.get(reverse("tracking-list"), {"session": "test-2023"})
    page = response.content.decode()
    assert response.context["waiting"] == 1
    assert "列入本年度跟踪" in page
    client.force_login(personas.unit_clerk)
    response = client.get(reverse("tracking-list"), {"session": "test-2023"})
    assert "列入本年度跟踪</button>" not in response.content.decode()


def test_the_office_joins_the_list_with_the_button_and_each_proposal_is_audited(
    client, personas, in_progress, next_year
):
    client.force_login(personas.office)
    response = client.post(reverse("tracking-sync"), {"session": "test-2023"}, follow=True)
    assert "1件往年提案已列入本年度跨年度跟踪" in response.content.decode()
    tracking = Tracking.objects.get()
    assert (tracking.proposal, tracking.session) == (in_progress, next_year)
    event = AuditEvent.objects.get(event_type=EventType.TRACKING_JOINED)
    assert event.actor == personas.office
    assert event.proposal == in_progress
    assert event.data["session"] == "test-2023"
    client.post(reverse("tracking-sync"), {"session": "test-2023"})
    assert Tracking.objects.count() == 1
    assert AuditEvent.objects.filter(event_type=EventType.TRACKING_JOINED).count() == 1


def test_only_the_office_may_press_the_button(client, personas, in_progress, next_year):
    for user in (personas.clerk, personas.unit_clerk, personas.member):
        client.force_login(user)
        response = client.post(reverse("tracking-sync"), {"session": "test-2023"})
        assert response.status_code == 403
    assert not Tracking.objects.exists()
    assert not AuditEvent.objects.filter(event_type=EventType.TRACKING_JOINED).exists()


def test_the_sweep_joins_each_bodys_latest_session_once(in_progress, next_year, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    result = join_tracking_lists.enqueue()
    assert result.return_value == {"test-2023": 1}
    assert join_tracking_lists.enqueue().return_value == {"test-2023": 0}
    assert list(Tracking.objects.values_list("proposal_id", "session__slug")) == [
        (in_progress.pk, "test-2023")
    ]
    event = AuditEvent.objects.get(event_type=EventType.TRACKING_JOINED)
    assert event.actor is None and event.data["session"] == "test-2023"


def test_the_command_queues_the_sweep_for_the_worker(in_progress, next_year, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("join_tracking", stdout=StringIO())
    assert (
        DBTaskResult.objects.get().task_path
        == "tian.supervision.tracking.tasks.join_tracking_lists"
    )
    assert not Tracking.objects.exists()


def test_the_command_now_joins_and_says_how_many(in_progress, next_year):
    out = StringIO()
    call_command("join_tracking", "--now", stdout=out)
    assert "test-2023" in out.getvalue() or "2023年会议" in out.getvalue()
    assert "1 件" in out.getvalue()
    assert Tracking.objects.count() == 1
