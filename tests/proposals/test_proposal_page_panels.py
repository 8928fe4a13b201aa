"""The proposal page is composed: it shows the record and asks the registered panels for the
rest — handling's next step and cards, supervision's key-proposal badge, facts and commitments,
reports' typical-case toggle — in the same places and order as before."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from tests.audit.test_history_audience import handled  # noqa: F401  (the fixture)
from tests.handling.conftest import co_unit, filed  # noqa: F401  (fixtures)
from tian.directory.models import Leader
from tian.handling.models import Feedback
from tian.proposals.models import Proposal
from tian.proposals.panels import proposal_panels
from tian.supervision.key.actions import select_key_proposal
from tian.supervision.models import Commitment

pytestmark = pytest.mark.django_db

DETAIL = Path(__file__).parents[2] / "src/tian/proposals/templates/proposals/detail.html"


@pytest.fixture
def key_proposal(personas: Any, handled: Proposal, unit: Any) -> Proposal:  # noqa: F811
    """The handled proposal made a key one, with a commitment and the proposer's verdict."""
    chair = Leader.objects.create(name="钱主席", title="区政协主席", organisation="cppcc")
    select_key_proposal(
        personas.office,
        handled,
        reason="事关稳就业",
        lead_leader=personas.leader.leader,
        supervisors=[chair],
    )
    Commitment.objects.create(
        proposal=handled, responsible_unit=unit, description="新建零工市场", due_on=date(2023, 6, 1)
    )
    Feedback.objects.create(
        proposal=handled,
        proposer=handled.lead_proposer,
        attitude="satisfied",
        result="satisfied",
        responded=True,
    )
    return handled


def _page(client: Any, user: Any, proposal: Proposal) -> str:
    client.force_login(user)
    response = client.get(reverse("proposal-detail", args=[proposal.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_panels_fill_their_slots_in_the_pages_order():
    slots: dict[str, list[str]] = {}
    for panel in proposal_panels:
        slots.setdefault(panel.slot, []).append(panel.key)
    assert slots == {
        "badges": ["key.badge", "illustrative", "report_example"],
        "after_title": ["report_example.form"],
        "next_step": ["handling.next_step"],
        "main": ["handling.cards", "commitments", "handling.feedback"],
        "facts": ["key.facts"],
    }


def test_the_office_sees_the_cards_of_every_app_in_order(client, personas, key_proposal):
    page = _page(client, personas.office, key_proposal)

    cards = re.findall(r'<section class="card" id="([\w-]+)"', page)
    assert cards == [
        "next-step",
        "deadlines",
        "units",
        "contacts",
        "replies",
        "commitments",
        "feedback",
    ]
    start = page.index('<span class="badge replied">')
    title_line = page[start : page.index("</p>", start)]
    assert title_line.index("重点提案") < title_line.index("设为报告典型事例")
    assert 'id="report-example-form"' in page
    start = page.index("基本信息")
    facts = page[start : page.index("</dl>", start)]
    assert "领办" in facts and personas.leader.leader.name in facts and "钱主席" in facts
    assert "新建零工市场" in page


def test_a_proposer_sees_the_key_badge_but_no_typical_case_toggle(client, personas, key_proposal):
    page = _page(client, personas.member, key_proposal)

    assert "报告典型事例" not in page
    assert 'class="badge key"' in page


def test_the_next_step_box_opens_for_a_step_handling_offers(client, personas, filed):  # noqa: F811
    page = _page(client, personas.office, filed)

    start = page.index('id="next-step"')
    box = page[start : page.index("</section>", start)]
    assert reverse("proposal-assign", args=[filed.pk]) in box


def test_the_page_template_uses_only_what_proposals_gives_it():
    source = DETAIL.read_text()
    for foreign in (
        "may_assign",
        "transitions",
        "signable",
        "key",
        "commitment_timeline",
        "may_flag_example",
        "handling/",
        "supervision/",
        "report-example",
    ):
        assert foreign not in source, foreign
