"""Staff take a proposal off the key list from its page, giving a reason."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tian.audit.events import EventType
from tian.audit.models import AuditEvent
from tian.supervision.models import KeyProposal, SupervisionActivity

pytestmark = pytest.mark.django_db


@pytest.fixture
def key(personas, make_filed, select, chair):
    return select(make_filed(), personas.leader, chair)


def test_the_key_page_offers_staff_the_unselect_button(client, personas, key):
    client.force_login(personas.office)
    page = client.get(reverse("key-detail", kwargs={"pk": key.pk}))
    assert reverse("key-unselect", kwargs={"pk": key.pk}) in page.content.decode()


def test_the_leading_leader_sees_no_unselect_button(client, personas, key):
    client.force_login(personas.leader)
    page = client.get(reverse("key-detail", kwargs={"pk": key.pk}))
    assert reverse("key-unselect", kwargs={"pk": key.pk}) not in page.content.decode()


def test_the_confirm_page_asks_for_a_reason(client, personas, key):
    client.force_login(personas.clerk)
    page = client.get(reverse("key-unselect", kwargs={"pk": key.pk}))
    assert page.status_code == 200
    assert 'name="reason"' in page.content.decode()
    assert KeyProposal.objects.filter(pk=key.pk).exists()


def test_posting_a_reason_unselects_and_returns_to_the_proposal(client, personas, key):
    proposal = key.proposal
    client.force_login(personas.office)
    response = client.post(
        reverse("key-unselect", kwargs={"pk": key.pk}), {"reason": "并入第3号重点提案督办"}
    )
    assert response.status_code == 302
    assert response.url == reverse("proposal-detail", kwargs={"pk": proposal.pk})
    assert not KeyProposal.objects.filter(pk=key.pk).exists()
    event = AuditEvent.objects.get(event_type=EventType.KEY_UNSELECTED)
    assert event.data["reason"] == "并入第3号重点提案督办"


def test_posting_without_a_reason_keeps_the_key_and_says_why(client, personas, key):
    client.force_login(personas.office)
    response = client.post(reverse("key-unselect", kwargs={"pk": key.pk}), {"reason": " "})
    assert response.status_code == 400
    assert "请填写撤销重点提案的理由" in response.content.decode()
    assert KeyProposal.objects.filter(pk=key.pk).exists()


def test_a_key_with_supervision_activities_cannot_be_unselected(client, personas, key):
    SupervisionActivity.objects.create(
        key_proposal=key, kind="inspection", held_on="2022-06-01", summary="现场视察"
    )
    client.force_login(personas.office)
    response = client.post(reverse("key-unselect", kwargs={"pk": key.pk}), {"reason": "撤销"})
    assert response.status_code == 400
    assert "已有督办活动记录" in response.content.decode()
    assert KeyProposal.objects.filter(pk=key.pk).exists()


def test_no_unselect_button_once_supervision_has_been_recorded(client, personas, key):
    SupervisionActivity.objects.create(
        key_proposal=key, kind="forum", held_on="2022-06-01", summary="座谈"
    )
    client.force_login(personas.office)
    page = client.get(reverse("key-detail", kwargs={"pk": key.pk}))
    assert reverse("key-unselect", kwargs={"pk": key.pk}) not in page.content.decode()
