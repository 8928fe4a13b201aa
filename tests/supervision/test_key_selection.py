"""Staff select key proposals with a reason, a leading government leader and CPPCC supervisors."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tian.audit.events import EventType
from tian.audit.models import AuditEvent
from tian.lib.errors import ActionError
from tian.proposals.models import Status
from tian.supervision.key import actions
from tian.supervision.models import KeyProposal, SupervisionActivity

pytestmark = pytest.mark.django_db


def test_clerk_selects_a_filed_proposal_with_reason_and_leaders(personas, make_filed, chair):
    proposal = make_filed()
    key = actions.select_key_proposal(
        personas.clerk,
        proposal,
        reason="  涉及基层治理,群众关注度高。 ",
        lead_leader=personas.leader.leader,
        supervisors=[chair.leader],
    )
    key.refresh_from_db()
    assert key.proposal == proposal
    assert key.reason == "涉及基层治理,群众关注度高。"
    assert key.lead_leader == personas.leader.leader
    assert list(key.supervisors.all()) == [chair.leader]
    assert key.selected_at is not None
    event = AuditEvent.objects.get(event_type=EventType.KEY_SELECTED)
    assert event.proposal == proposal
    assert event.data["supervisors"] == [str(chair.leader)]


def test_the_office_may_select_too(personas, make_filed, chair):
    key = actions.select_key_proposal(
        personas.office,
        make_filed(),
        reason="年度重点工作",
        lead_leader=personas.leader.leader,
        supervisors=[chair.leader],
    )
    assert KeyProposal.objects.filter(pk=key.pk).exists()


def test_selection_without_a_reason_is_refused(personas, make_filed, chair):
    with pytest.raises(ActionError, match="理由"):
        actions.select_key_proposal(
            personas.clerk,
            make_filed(),
            reason="  ",
            lead_leader=personas.leader.leader,
            supervisors=[chair.leader],
        )
    assert not KeyProposal.objects.exists()
    assert not AuditEvent.objects.filter(event_type=EventType.KEY_SELECTED).exists()


def test_a_cppcc_chair_cannot_be_the_leading_leader(personas, make_filed, chair, vice_chair):
    with pytest.raises(ActionError, match="领办领导应为政府领导"):
        actions.select_key_proposal(
            personas.clerk,
            make_filed(),
            reason="理由",
            lead_leader=chair.leader,
            supervisors=[vice_chair.leader],
        )
    assert not KeyProposal.objects.exists()


def test_a_government_leader_cannot_supervise(personas, make_filed, other_head):
    with pytest.raises(ActionError, match="督办领导应为政协主席或副主席"):
        actions.select_key_proposal(
            personas.clerk,
            make_filed(),
            reason="理由",
            lead_leader=personas.leader.leader,
            supervisors=[other_head.leader],
        )


def test_a_supervisor_is_required(personas, make_filed):
    with pytest.raises(ActionError, match="督办"):
        actions.select_key_proposal(
            personas.clerk,
            make_filed(),
            reason="理由",
            lead_leader=personas.leader.leader,
            supervisors=[],
        )


@pytest.mark.parametrize("who", ["member", "unit_clerk", "leader"])
def test_people_other_than_staff_may_not_select(personas, make_filed, chair, who):
    with pytest.raises(PermissionDenied):
        actions.select_key_proposal(
            getattr(personas, who),
            make_filed(),
            reason="理由",
            lead_leader=personas.leader.leader,
            supervisors=[chair.leader],
        )
    assert not KeyProposal.objects.exists()


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.REJECTED, Status.MERGED])
def test_only_a_filed_proposal_can_be_selected(personas, make_filed, chair, status):
    with pytest.raises(ActionError, match="只有已立案的提案"):
        actions.select_key_proposal(
            personas.clerk,
            make_filed(status=status),
            reason="理由",
            lead_leader=personas.leader.leader,
            supervisors=[chair.leader],
        )


def test_selecting_again_changes_the_leaders_and_logs_a_change(
    personas, make_filed, select, chair, vice_chair, other_head
):
    proposal = make_filed()
    first = select(proposal, personas.leader, chair)
    again = actions.select_key_proposal(
        personas.office,
        proposal,
        reason="调整分工",
        lead_leader=other_head.leader,
        supervisors=[vice_chair.leader, chair.leader],
    )
    assert again.pk == first.pk
    assert again.lead_leader == other_head.leader
    assert set(again.supervisors.all()) == {chair.leader, vice_chair.leader}
    assert AuditEvent.objects.filter(event_type=EventType.KEY_CHANGED, proposal=proposal).count()


def test_unselecting_needs_a_reason_and_is_audited(personas, make_filed, select, chair):
    proposal = make_filed()
    key = select(proposal, personas.leader, chair)
    with pytest.raises(ActionError, match="理由"):
        actions.unselect_key_proposal(personas.clerk, key, reason="")
    actions.unselect_key_proposal(personas.clerk, key, reason="并入其他重点提案督办")
    assert not KeyProposal.objects.exists()
    event = AuditEvent.objects.get(event_type=EventType.KEY_UNSELECTED)
    assert event.proposal == proposal
    assert event.data["reason"] == "并入其他重点提案督办"


def test_unselecting_is_refused_once_supervision_activities_are_recorded(
    personas, make_filed, select, chair
):
    key = select(make_filed(), personas.leader, chair)
    SupervisionActivity.objects.create(
        key_proposal=key, kind="inspection", held_on="2022-06-01", summary="现场视察"
    )
    with pytest.raises(ActionError, match="督办活动"):
        actions.unselect_key_proposal(personas.clerk, key, reason="撤销")
    assert KeyProposal.objects.filter(pk=key.pk).exists()


def test_the_select_page_makes_a_key_proposal(client, personas, make_filed, chair):
    proposal = make_filed()
    client.force_login(personas.clerk)
    url = reverse("key-select", kwargs={"pk": proposal.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert "孙志刚" in page.content.decode()
    response = client.post(
        url,
        {
            "reason": "群众关注度高",
            "lead_leader": personas.leader.leader.pk,
            "supervisors": [chair.leader.pk],
        },
    )
    key = KeyProposal.objects.get(proposal=proposal)
    assert response.status_code == 302
    assert response["Location"] == reverse("key-detail", kwargs={"pk": key.pk})


def test_the_select_page_shows_the_refusal(client, personas, make_filed, chair):
    client.force_login(personas.clerk)
    url = reverse("key-select", kwargs={"pk": make_filed(status=Status.SUBMITTED).pk})
    response = client.post(
        url,
        {
            "reason": "理由",
            "lead_leader": personas.leader.leader.pk,
            "supervisors": [chair.leader.pk],
        },
    )
    assert response.status_code == 200
    assert "只有已立案的提案才能确定为重点提案" in response.content.decode()
    assert not KeyProposal.objects.exists()


def test_a_member_is_turned_away_from_the_select_page(client, personas, make_filed):
    client.force_login(personas.member)
    response = client.get(reverse("key-select", kwargs={"pk": make_filed().pk}))
    assert response.status_code == 403
