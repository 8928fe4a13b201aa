"""The worklist page puts what is overdue first, then what is due soon, then the rest, folds
empty boxes into one quiet line, and the navigation's 待办 counts what waits — cheaply."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from tests.conftest import login
from tests.handling.test_handling_flow import assign, fresh, handled_to_reply
from tian.handling import actions, deadlines
from tian.lib.dates import cn_date
from tian.proposals import actions as intake
from tian.proposals.models import Category
from tian.proposals.queries import worklist_count
from tian.workflow import intake as workflow

pytestmark = pytest.mark.django_db
LATE = date(2022, 6, 10)  # the reply of a proposal assigned on 2022年3月1日 is overdue


def another_filed(personas, session, title):
    member = personas.member
    proposal = intake.create_proposal(
        member, session=session, lead_proposer=member.proposer, title=title, suggestions="建议。"
    )
    workflow.submit_proposal(member, proposal, version=proposal.version)
    proposal.refresh_from_db()
    category = Category.objects.filter(session=session).first()
    return workflow.file_proposal(
        personas.clerk, proposal, version=proposal.version, category=category
    )


@pytest.fixture
def overdue_and_new(personas, session, filed, unit):
    """The unit's overdue proposal (signed for on 2022年3月2日) and one assigned on LATE."""
    proposal = assign(personas, filed, unit)
    with time_machine.travel(date(2022, 3, 2)):
        actions.accept_assignment(personas.unit_clerk, fresh(proposal), version=proposal.version)
    new = another_filed(personas, session, "关于增加社区停车位的建议")
    with time_machine.travel(LATE):
        actions.assign_proposal(personas.office, new, version=new.version, lead=unit)
    return proposal, new


def cards(page):
    return re.findall(r'<section class="card urgency-\d" id="section-([\w-]+)"', page)


def test_the_units_page_shows_overdue_then_due_soon_then_the_rest(
    client, personas, overdue_and_new
):
    login(client, personas.unit_clerk)
    with time_machine.travel(LATE):
        page = client.get(reverse("worklist")).content.decode()
    assert cards(page) == ["overdue-unit", "to-accept", "handling"]
    assert "关于缓解企业用工难的建议" in page and "(已逾期)" in page


def test_empty_boxes_are_named_in_one_quiet_line(client, personas, overdue_and_new):
    login(client, personas.unit_clerk)
    with time_machine.travel(LATE):
        page = client.get(reverse("worklist")).content.decode()
    quiet = re.search(r'id="worklist-empty">(.*?)</p>', page, re.S).group(1)
    names = re.findall(r'<span id="section-[\w-]+">([^<]+)</span>', quiet)
    assert quiet.startswith("暂无:")
    # In the page's order too: the boxes with deadlines first.
    assert names == ["14天内到期", "督办单待回复", "措施到期/逾期", "被退回的答复", "待提协办意见"]


def test_a_members_verdict_comes_before_their_other_boxes(client, personas, filed, unit):
    reply = handled_to_reply(personas, filed, unit)
    actions.review_reply(personas.office, reply, version=reply.version, accept=True)
    login(client, personas.member)
    page = client.get(reverse("worklist")).content.decode()
    assert cards(page) == ["verdict", "mine"]
    due = deadlines.verdict_due(fresh(filed).replies.get().replied_on).due
    assert f"请于 {cn_date(due)} 前评价" in page


def test_the_navigation_counts_what_waits_on_the_worklist(client, personas, overdue_and_new):
    login(client, personas.unit_clerk)
    with time_machine.travel(LATE):
        page = client.get(reverse("inbox")).content.decode()
        waiting = worklist_count(personas.unit_clerk)
    # The overdue reply and the new assignment; 办理中 is a listing and is not counted.
    assert waiting == 2
    badge = re.search(r'href="/work/"[^>]*>待办 <span class="badge count-badge"[^>]*>(\d+)<', page)
    assert badge.group(1) == str(waiting)


def test_counting_the_worklist_takes_the_same_few_queries_however_much_waits(
    personas, session, overdue_and_new, unit, django_assert_num_queries
):
    clerk = type(personas.unit_clerk).objects.get(pk=personas.unit_clerk.pk)
    with time_machine.travel(LATE):
        worklist_count(clerk)  # the person's roles, loaded once per request
        with django_assert_num_queries(3) as few:
            worklist_count(clerk)
        for n in range(5):
            more = another_filed(personas, session, f"关于第{n}件事的建议")
            actions.assign_proposal(personas.office, more, version=more.version, lead=unit)
        with django_assert_num_queries(len(few.captured_queries)):
            assert worklist_count(clerk) == 7
