"""The invitee sees by when to answer an invitation to co-sign, on the worklist and on the
proposal's page, computed from the invitation's own deadline; once it has passed, the page
says so and offers no answer."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from tian.proposals import actions

pytestmark = pytest.mark.django_db

INVITED_AT = datetime(2026, 12, 5, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
ASK = "请于2026年12月10日 10:00前确认是否联名"


@pytest.fixture
def invitation(personas, session):
    with time_machine.travel(INVITED_AT, tick=False):
        proposal = actions.create_proposal(
            personas.member,
            session=session,
            lead_proposer=personas.member.proposer,
            title="关于完善农村客运的建议",
            suggestions="增开班次。",
        )
        actions.invite_cosigners(personas.member, proposal, [personas.cosigner.proposer])
    return proposal


def test_the_worklist_row_of_an_invitation_shows_its_deadline(client, personas, invitation):
    with time_machine.travel(INVITED_AT + timedelta(days=1)):
        client.force_login(personas.cosigner)
        page = client.get(reverse("worklist")).content.decode()
    box = page[page.index('id="section-cosign"') :]
    assert ASK in box[: box.index("</section>")]


def test_the_proposal_page_tells_the_invitee_by_when_to_answer(client, personas, invitation):
    with time_machine.travel(INVITED_AT + timedelta(days=1)):
        client.force_login(personas.cosigner)
        page = client.get(reverse("proposal-detail", args=[invitation.pk])).content.decode()
    assert f"{ASK}。" in page
    assert "确认联名" in page


def test_the_drafter_sees_each_pending_invitations_deadline(client, personas, invitation):
    with time_machine.travel(INVITED_AT + timedelta(days=1)):
        client.force_login(personas.member)
        page = client.get(reverse("proposal-detail", args=[invitation.pk])).content.decode()
    assert '李红<span class="muted small">(待确认,2026年12月10日 10:00截止)' in page


def test_after_the_deadline_the_page_says_it_has_passed_and_offers_no_answer(
    client, personas, invitation
):
    with time_machine.travel(INVITED_AT + timedelta(days=6)):
        client.force_login(personas.cosigner)
        page = client.get(reverse("proposal-detail", args=[invitation.pk])).content.decode()
        worklist = client.get(reverse("worklist")).content.decode()
    assert "联名确认已于2026年12月10日 10:00截止,不能再确认。" in page
    assert "确认联名</button>" not in page
    assert "关于完善农村客运的建议" not in worklist
