"""A leader sees the key proposals they lead; a unit reports progress and the bar moves."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, log_in
from tests.conftest import PASSWORD
from tian.directory.models import Leader
from tian.handling.models import Assignment
from tian.proposals.models import Category, Proposal, Status
from tian.supervision.models import Commitment, KeyProposal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def key_proposal(session, personas, unit, number, title, leader):
    proposal = Proposal.objects.create(
        session=session,
        number=number,
        title=title,
        lead_proposer=personas.member.proposer,
        category=Category.objects.filter(session=session).first(),
        status=Status.HANDLING,
    )
    Assignment.objects.create(
        proposal=proposal, unit=unit, assigned_on=timezone.localdate() - timedelta(days=30)
    )
    KeyProposal.objects.create(proposal=proposal, lead_leader=leader, reason="事关民生")
    return proposal


def test_a_leader_finds_what_they_lead_first_and_a_units_report_moves_the_bar(
    page: Page, personas, session, unit
):
    mine = key_proposal(
        session, personas, unit, 29, "关于发展半导体装备制造业的建议", personas.leader.leader
    )
    other_leader = Leader.objects.create(name="钱副区长", title="副区长", organisation="gov")
    key_proposal(session, personas, unit, 22, "关于深化网格化服务管理的建议", other_leader)
    today = timezone.localdate()
    commitment = Commitment.objects.create(
        proposal=mine,
        responsible_unit=unit,
        description="编制集成电路产业发展规划",
        start_on=today - timedelta(days=30),
        due_on=today + timedelta(days=120),
    )

    # The leader, on a phone, finds the key proposal they lead first, marked, the other after.
    page.set_viewport_size(PHONE)
    log_in(page, "leader", PASSWORD)
    page.goto(f"/key/?session={session.slug}")
    rows = page.locator("#key-proposals tbody tr")
    expect(rows.nth(0)).to_contain_text("关于发展半导体装备制造业的建议")
    expect(rows.nth(0)).to_contain_text("我领办")
    expect(rows.nth(1)).to_contain_text("关于深化网格化服务管理的建议")
    expect(rows.nth(1)).not_to_contain_text("我领办")

    # The unit reports 60 %; the bar on the proposal page fills to match.
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "unitclerk", PASSWORD)
    page.goto(f"/proposals/{mine.pk}/")
    fill = page.locator(f"#tl-{commitment.pk} .tl-fill")
    expect(fill).to_have_attribute("style", "width:0%")
    page.goto(f"/commitments/{commitment.pk}/")
    page.get_by_label("进展日期").fill(date.today().isoformat())
    page.get_by_label("完成进度(%)").fill("60")
    page.get_by_label("进展情况").fill("规划初稿已完成,正在征求意见。")
    page.get_by_role("button", name="提交进展").click()
    expect(page.get_by_text("规划初稿已完成,正在征求意见。")).to_be_visible()
    page.goto(f"/proposals/{mine.pk}/")
    expect(fill).to_have_attribute("style", "width:60%")
    expect(page.locator(f"#tl-{commitment.pk}")).to_contain_text("60%")
