"""Commitment lists: a unit sees its own, the office all; overdue and stalled from today."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.supervision.commitment_helpers import measure, replied_proposal
from tian.reports.figures import commitment_figures
from tian.supervision.commitments.queries import (
    CommitmentFilters,
    commitment_list,
    counts,
)
from tian.supervision.models import ProgressUpdate

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(personas, session, unit):
    return replied_proposal(personas, session, unit)


def descriptions(user, today, **filters):
    rows = commitment_list(user, CommitmentFilters(**filters), today)
    return sorted(c.description for c in rows)


def test_a_unit_sees_its_own_commitments_and_the_office_sees_all(
    personas, proposal, unit, other_unit
):
    measure(proposal, unit, "本单位措施")
    measure(proposal, other_unit, "他单位措施")
    today = date(2022, 8, 1)
    assert descriptions(personas.unit_clerk, today) == ["本单位措施"]
    assert descriptions(personas.office, today) == ["他单位措施", "本单位措施"]
    assert descriptions(personas.co_clerk, today) == []


def test_overdue_is_open_and_past_due_on_the_day_after_the_due_date(personas, proposal, unit):
    measure(proposal, unit, "到期", due_on=date(2022, 9, 30))
    measure(proposal, unit, "已完成", due_on=date(2022, 9, 1), status="done", progress=100)
    with time_machine.travel(date(2022, 9, 30), tick=False):
        assert descriptions(personas.office, date(2022, 9, 30), overdue=True) == []
    assert descriptions(personas.office, date(2022, 10, 1), overdue=True) == ["到期"]


def test_stalled_means_no_update_for_the_configured_days(personas, proposal, unit, settings):
    settings.TIAN_STALLED_DAYS = 30
    quiet = measure(proposal, unit, "无人问津", start_on=date(2022, 4, 1))
    busy = measure(proposal, unit, "常有进展", start_on=date(2022, 4, 1))
    ProgressUpdate.objects.create(
        commitment=busy, reported_on=date(2022, 7, 20), progress=50, note="进行中"
    )
    today = date(2022, 8, 1)
    assert descriptions(personas.office, today, stalled=True) == ["无人问津"]
    settings.TIAN_STALLED_DAYS = 5
    assert descriptions(personas.office, today, stalled=True) == ["常有进展", "无人问津"]
    assert quiet.pk


def test_a_parent_with_a_recent_step_update_is_not_stalled(personas, proposal, unit):
    parent = measure(proposal, unit, "上级措施", start_on=date(2022, 1, 1))
    step = measure(proposal, unit, "步骤", start_on=date(2022, 1, 1), parent=parent)
    ProgressUpdate.objects.create(
        commitment=step, reported_on=date(2022, 7, 25), progress=50, note="进行中"
    )
    rows = commitment_list(personas.office, CommitmentFilters(stalled=True), date(2022, 8, 1))
    assert [c.description for c in rows] == []


def test_counts_are_one_query(personas, proposal, unit):
    measure(proposal, unit, "甲", due_on=date(2022, 7, 1))
    measure(proposal, unit, "乙", status="done", progress=100)
    scope = commitment_list(personas.office, CommitmentFilters(), date(2022, 8, 1))
    with CaptureQueriesContext(connection) as queries:
        totals = counts(scope, date(2022, 8, 1))
    assert len(queries) == 1
    assert (totals["total"], totals["done"], totals["overdue"]) == (2, 1, 1)


def test_the_list_takes_the_same_queries_for_three_rows_or_thirty(personas, session, unit):
    def run():
        with CaptureQueriesContext(connection) as queries:
            rows = commitment_list(personas.unit_clerk, CommitmentFilters(), date(2022, 8, 1))
            shown = [
                (c.proposal.session.name, c.responsible_unit.name, c.parent, c.last_reported_on)
                for c in rows
            ]
            assert shown
        return len(queries)

    proposal = replied_proposal(personas, session, unit, number=1)
    for n in range(3):
        measure(proposal, unit, f"措施{n}")
    run()  # the user's roles are read once and cached
    few = run()
    for n in range(27):
        measure(proposal, unit, f"更多措施{n}")
    assert run() == few


def test_session_figures_count_top_level_measures_and_the_done_rate(personas, proposal, unit):
    parent = measure(proposal, unit, "甲", status="done", progress=100)
    measure(proposal, unit, "甲的步骤", parent=parent, status="done", progress=100)
    measure(proposal, unit, "乙", due_on=date(2022, 7, 1))
    measure(proposal, unit, "丙")
    measure(proposal, unit, "丁", status="cancelled")
    figures = commitment_figures(proposal.session, date(2022, 8, 1))
    assert figures == {"total": 3, "done": 1, "overdue": 1, "done_rate": "33.3"}
