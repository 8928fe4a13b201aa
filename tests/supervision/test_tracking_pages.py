"""The tracking page (/tracking/): who sees which rows, and the inline forms."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.supervision.commitment_helpers import measure, replied_proposal
from tests.supervision.test_tracking import graded, later
from tian.handling.models import Verdict
from tian.supervision.models import Tracking
from tian.supervision.tracking.actions import join_tracking

pytestmark = pytest.mark.django_db


@pytest.fixture
def next_year(session: Any) -> Any:
    return later(session, 2023)


@pytest.fixture
def proposal(personas: Any, session: Any, unit: Any, next_year: Any) -> Any:
    """An earlier proposal in progress, already on 2023's list (the sweep has run)."""
    proposal = graded(replied_proposal(personas, session, unit, number=7), unit, "B")
    join_tracking(None, next_year)
    return proposal


def page(client: Any, user: Any, slug: str = "test-2023") -> Any:
    client.force_login(user)
    return client.get(reverse("tracking-list"), {"session": slug})


def test_the_page_lists_the_proposals_on_this_years_list(client, personas, proposal, next_year):
    response = page(client, personas.office)
    assert response.status_code == 200
    assert [row.proposal for row in response.context["rows"]] == [proposal]


def test_the_lead_unit_and_the_proposer_see_the_row_and_others_do_not(
    client, personas, proposal, next_year
):
    assert len(page(client, personas.unit_clerk).context["rows"]) == 1
    assert len(page(client, personas.member).context["rows"]) == 1
    assert page(client, personas.co_clerk).context["rows"] == []
    assert page(client, personas.cosigner).context["rows"] == []
    assert page(client, personas.leader).status_code == 403


def test_the_unit_reports_and_the_proposer_judges_from_the_page(
    client, personas, proposal, next_year
):
    tracking = Tracking.objects.get()
    client.force_login(personas.unit_clerk)
    response = client.post(reverse("tracking-report", args=[tracking.pk]), {"text": "已开工。"})
    assert response.status_code == 302
    client.force_login(personas.member)
    client.post(
        reverse("tracking-verdict", args=[tracking.pk]),
        {"verdict": Verdict.BASICALLY, "comment": "盼加快"},
    )
    tracking.refresh_from_db()
    assert (tracking.progress_report, tracking.verdict) == ("已开工。", Verdict.BASICALLY)


def test_closing_from_the_page_without_a_reason_leaves_it_open(
    client, personas, proposal, next_year
):
    tracking = Tracking.objects.get()
    client.force_login(personas.office)
    response = client.post(
        reverse("tracking-close", args=[tracking.pk]), {"reason": ""}, follow=True
    )
    assert "请填写结束跟踪的理由" in response.content.decode()
    tracking.refresh_from_db()
    assert tracking.closed_at is None


def test_a_unit_that_does_not_handle_the_proposal_cannot_reach_its_row(
    client, personas, proposal, next_year
):
    tracking = Tracking.objects.get()
    client.force_login(personas.co_clerk)
    response = client.post(reverse("tracking-report", args=[tracking.pk]), {"text": "越权"})
    assert response.status_code == 404


def test_a_row_counts_the_promised_measures_as_every_page_does(
    client, personas, proposal, unit, next_year
):
    done = measure(proposal, unit, "建成零工驿站", status="done", progress=100)
    open_one = measure(proposal, unit, "上线线上平台")
    measure(proposal, unit, "已取消的措施", status="cancelled")
    measure(proposal, unit, "驿站选址", parent=open_one)  # a sub-step is not a measure of its own
    assert done.parent is None

    row = page(client, personas.office).context["rows"][0]

    assert (row.commitments_total, row.commitments_done) == (2, 1)
