"""A unit's 待办 holds its supervision notices to answer (督办单待回复) and its measures due
within 14 days or overdue (措施到期/逾期); an overdue row puts its box first."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from tests.conftest import login
from tian.handling.models import Assignment
from tian.proposals.models import Proposal, Status
from tian.proposals.queries import Urgency, worklist
from tian.supervision.models import Commitment
from tian.supervision.reminders.notices import acknowledge_notice, issue_notice

pytestmark = pytest.mark.django_db
TODAY = date(2023, 5, 10)


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def handled(personas: Any, session: Any, unit: Any) -> Proposal:
    proposal = Proposal.objects.create(
        session=session,
        number=12,
        title="关于加强灵活就业人员社保服务的建议",
        lead_proposer=personas.member.proposer,
        status=Status.REPLIED,
    )
    Assignment.objects.create(
        proposal=proposal, unit=unit, assigned_on=date(2023, 3, 1), deadline_from=date(2023, 3, 1)
    )
    return proposal


def box(user: Any, key: str) -> Any:
    return {section.key: section for section in worklist(user)}[key]


def measure(proposal: Proposal, unit: Any, due_on: date, **kw: Any) -> Commitment:
    return Commitment.objects.create(
        proposal=proposal, responsible_unit=unit, description=kw.pop("text", "建站"), due_on=due_on
    )


def test_an_unacknowledged_notice_waits_for_the_unit_and_leaves_once_answered(
    personas, handled, unit
):
    notice = issue_notice(
        personas.office, handled, unit=unit, content="请按期答复。", respond_by=date(2023, 5, 20)
    )
    for person in (personas.unit_clerk, personas.unit_head):
        section = box(person, "notices")
        assert section.items == [notice]
        assert section.urgency == Urgency.DUE_SOON
    assert box(personas.co_clerk, "notices").items == []
    assert "notices" not in {section.key for section in worklist(personas.member)}
    acknowledge_notice(personas.unit_clerk, notice, response="已召开专题会。")
    assert box(personas.unit_clerk, "notices").items == []


def test_a_notice_past_its_answer_date_makes_its_box_overdue(personas, handled, unit, frozen):
    issue_notice(personas.office, handled, unit=unit, content="请答复。", respond_by=TODAY)
    frozen.move_to(date(2023, 5, 12))
    assert box(personas.unit_clerk, "notices").urgency == Urgency.OVERDUE


def test_measures_due_within_fourteen_days_or_overdue_are_the_units_and_earliest_first(
    personas, handled, unit, other_unit
):
    overdue = measure(handled, unit, date(2023, 5, 1), text="建成零工市场")
    soon = measure(handled, unit, date(2023, 5, 24), text="开展招聘会")
    measure(handled, unit, date(2023, 5, 25), text="十五天后到期")
    measure(handled, other_unit, date(2023, 5, 2), text="别的单位的")
    done = measure(handled, unit, date(2023, 5, 3), text="已完成的")
    done.status = Commitment.Status.DONE
    done.save()
    section = box(personas.unit_clerk, "commitments-due")
    assert section.items == [overdue, soon]
    assert section.urgency == Urgency.OVERDUE


def test_a_measure_broken_into_steps_is_listed_by_its_steps(personas, handled, unit):
    parent = measure(handled, unit, date(2023, 5, 15), text="整体措施")
    step = Commitment.objects.create(
        proposal=handled,
        responsible_unit=unit,
        parent=parent,
        description="第一步",
        due_on=date(2023, 5, 12),
    )
    section = box(personas.unit_clerk, "commitments-due")
    assert section.items == [step]
    assert section.urgency == Urgency.DUE_SOON


def test_the_units_page_shows_an_overdue_notice_before_its_other_boxes(
    client, personas, handled, unit, frozen
):
    issue_notice(personas.office, handled, unit=unit, content="请答复。", respond_by=TODAY)
    measure(handled, unit, date(2023, 5, 30), text="开展招聘会")
    frozen.move_to(date(2023, 5, 19))
    login(client, personas.unit_clerk)
    page = client.get(reverse("worklist")).content.decode()
    cards = re.findall(r'<section class="card urgency-(\d)" id="section-([\w-]+)"', page)
    assert cards[:2] == [("0", "notices"), ("1", "commitments-due")]
    assert "督字〔2023〕第1号" in page and "(已逾期)" in page
    assert "开展招聘会" in page
