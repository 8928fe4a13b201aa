"""The office opens its supervision list and finds an overdue commitment and a reply-only item."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, log_in, open_from_menu
from tests.conftest import PASSWORD
from tian.handling.models import Assignment, Grade, Reply
from tian.proposals.models import Proposal, Status
from tian.supervision.models import Commitment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def closed_proposal(session, personas, unit, number, title, grade_code):
    today = timezone.localdate()
    proposal = Proposal.objects.create(
        session=session,
        number=number,
        title=title,
        lead_proposer=personas.member.proposer,
        status=Status.CLOSED,
    )
    Assignment.objects.create(proposal=proposal, unit=unit, assigned_on=today - timedelta(days=200))
    Reply.objects.create(
        proposal=proposal,
        unit=unit,
        grade=Grade.objects.get(session=session, code=grade_code),
        status=Reply.Status.ACCEPTED,
        replied_on=today - timedelta(days=120),
    )
    return proposal


def test_the_office_sees_an_overdue_commitment_and_a_reply_only_item(
    page: Page, personas, session, unit
):
    today = timezone.localdate()
    promised = closed_proposal(session, personas, unit, 12, "关于建设零工市场的建议", "A")
    Commitment.objects.create(
        proposal=promised,
        responsible_unit=unit,
        description="建成区级零工市场",
        start_on=today - timedelta(days=100),
        due_on=today - timedelta(days=10),
        progress=40,
    )
    closed_proposal(session, personas, unit, 69, "关于完善农村养老服务体系的建议", "B")

    log_in(page, "office", PASSWORD)
    open_from_menu(page, "督查", "督查督办一览")
    expect(page.get_by_role("heading", name="督查督办一览")).to_be_visible()

    cards = page.locator("#oversight-counts")
    expect(cards.locator('[data-section="commitments-overdue"] b')).to_have_text("1")
    expect(cards.locator('[data-section="reply-only-graded"] b')).to_have_text("1")

    overdue = page.locator("#section-commitments-overdue")
    expect(overdue.get_by_role("link", name="建成区级零工市场")).to_be_visible()
    expect(overdue).to_contain_text("逾期10天")
    expect(overdue).to_contain_text("第12号")

    reply_only = page.locator("#section-reply-only-graded")
    expect(reply_only.get_by_role("link", name="关于完善农村养老服务体系的建议")).to_be_visible()
    expect(reply_only).to_contain_text("第69号")

    # On a phone the rows stack and the reply-only item is still there to tap.
    page.set_viewport_size(PHONE)
    page.locator('[data-section="reply-only-graded"]').click()
    link = reply_only.get_by_role("link", name="关于完善农村养老服务体系的建议")
    expect(link).to_be_in_viewport()
    link.click()
    expect(page.get_by_role("heading", name="关于完善农村养老服务体系的建议")).to_be_visible()
