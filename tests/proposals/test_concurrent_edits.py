"""Two people acting on the same record at once: one wins, the other is told and keeps
what they typed."""

from __future__ import annotations

import pytest

from tian.proposals import actions
from tian.proposals.models import Proposal
from tian.workflow import intake as workflow

pytestmark = pytest.mark.django_db


def test_a_stale_draft_save_is_refused_and_the_form_keeps_the_typed_text(client, personas, session):
    member = personas.member
    proposal = actions.create_proposal(
        member, session=session, lead_proposer=member.proposer, title="原题目", suggestions="原建议"
    )
    seen = proposal.version
    # Someone else (the same member on another device) saves first.
    actions.update_draft(member, proposal, version=seen, suggestions="另一台设备上的修改")
    client.force_login(member)
    response = client.post(
        f"/proposals/{proposal.pk}/edit/",
        {"version": seen, "title": "我的新题目", "suggestions": "我刚写好的三条建议"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "已被他人修改" in page
    assert "我刚写好的三条建议" in page and "我的新题目" in page
    assert Proposal.objects.get(pk=proposal.pk).suggestions == "另一台设备上的修改"


def test_two_clerks_filing_the_same_proposal_one_gets_a_conflict_message(client, personas, session):
    member = personas.member
    proposal = actions.create_proposal(
        member, session=session, lead_proposer=member.proposer, title="题目", suggestions="建议"
    )
    proposal = workflow.submit_proposal(member, proposal, version=proposal.version)
    category = session.categories.first()
    seen = proposal.version
    workflow.file_proposal(personas.clerk, proposal, version=seen, category=category)
    client.force_login(personas.clerk)
    response = client.post(
        f"/proposals/{proposal.pk}/review/",
        {"version": seen, "decision": "reject", "reason": "我写的不予立案理由"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "已被他人修改或处理" in page
    assert "我写的不予立案理由" in page
    assert Proposal.objects.get(pk=proposal.pk).status == "filed"
