"""Co-signers are picked from the body's directory on the drafting form: members only, never the
drafter, namesakes told apart by 界别 (or 编号); the form refuses anyone else, and the invitee
finds the invitation in the inbox with its deadline."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from tian.directory.models import Body, Member
from tian.notifications.models import Notification
from tian.proposals import actions
from tian.proposals.models import CoSignature, Proposal

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 12, 5, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def namesakes(session):
    """Two 王伟 of the body, told apart by their 界别."""
    return (
        Member.objects.create(body=session.body, name="王伟", sector="经济界", party="民建"),
        Member.objects.create(body=session.body, name="王伟", sector="教育界"),
    )


def offered(response) -> dict[int, str]:
    field = response.context["form"]["cosigners"]
    return {int(box.data["value"].value): box.choice_label for box in field}


def draft_with(client, **data):
    return client.post(
        reverse("proposal-create"),
        {"title": "关于建设社区食堂的建议", "suggestions": "一、选址;二、运营。", **data},
    )


def test_the_picker_offers_the_bodys_members_but_not_the_drafter_nor_collectives(
    client, personas, session, namesakes
):
    other_body = Body.objects.create(name="别区政协")
    stranger = Member.objects.create(body=other_body, name="赵六")
    client.force_login(personas.member)
    choices = offered(client.get(reverse("proposal-create")))
    assert personas.cosigner.proposer_id in choices
    assert {n.pk for n in namesakes} <= set(choices)
    assert personas.member.proposer_id not in choices
    assert personas.collective.proposer_id not in choices
    assert stranger.pk not in choices


def test_namesakes_are_shown_with_what_tells_them_apart(client, personas, namesakes):
    client.force_login(personas.member)
    page = client.get(reverse("proposal-create")).content.decode()
    economy, education = namesakes
    assert f'value="{economy.pk}"' in page and f'value="{education.pk}"' in page
    name = '<span class="picker-name">王伟</span> '
    assert name + '<span class="picker-details">经济界 · 民建</span>' in page
    assert name + '<span class="picker-details">教育界</span>' in page


def test_namesakes_with_the_same_details_are_told_apart_by_their_number(client, personas, session):
    first = Member.objects.create(body=session.body, name="陈静", sector="经济界")
    second = Member.objects.create(body=session.body, name="陈静", sector="经济界")
    client.force_login(personas.member)
    choices = offered(client.get(reverse("proposal-create")))
    assert f"经济界 · 编号{first.pk}" in choices[first.pk]
    assert f"经济界 · 编号{second.pk}" in choices[second.pk]


def test_a_member_invites_the_namesake_they_picked(client, personas, session, namesakes):
    education = namesakes[1]
    client.force_login(personas.member)
    response = draft_with(client, cosigners=[education.pk, personas.cosigner.proposer_id])
    assert response.status_code == 302, response.context["form"].errors
    proposal = Proposal.objects.get(title="关于建设社区食堂的建议")
    invited = set(proposal.cosignatures.values_list("proposer_id", flat=True))
    assert invited == {education.pk, personas.cosigner.proposer_id}


def test_the_form_refuses_a_co_signer_from_another_body(client, personas, session):
    stranger = Member.objects.create(body=Body.objects.create(name="别区政协"), name="赵六")
    client.force_login(personas.member)
    response = draft_with(client, cosigners=[stranger.pk])
    assert response.status_code == 200
    assert "只能邀请本机构名录中的其他委员联名" in response.content.decode()
    assert not Proposal.objects.exists()


def test_the_form_refuses_a_collective_or_the_drafter_as_co_signer(client, personas, session):
    client.force_login(personas.member)
    for who in (personas.collective.proposer_id, personas.member.proposer_id):
        response = draft_with(client, cosigners=[who])
        assert "只能邀请本机构名录中的其他委员联名" in response.content.decode()
    assert not CoSignature.objects.exists()


def test_editing_a_draft_lists_who_was_invited_and_offers_only_the_others(
    client, personas, session, namesakes
):
    proposal = actions.create_proposal(
        personas.member, session=session, lead_proposer=personas.member.proposer, title="题目"
    )
    actions.invite_cosigners(personas.member, proposal, [namesakes[0]])
    client.force_login(personas.member)
    response = client.get(reverse("proposal-edit", args=[proposal.pk]))
    assert namesakes[0].pk not in offered(response)
    assert namesakes[1].pk in offered(response)
    assert "已邀请:王伟(经济界 · 民建)" in response.content.decode()


def test_the_invitee_is_told_in_the_inbox_by_when_to_answer(client, personas, session):
    client.force_login(personas.member)
    with time_machine.travel(NOON, tick=False):
        draft_with(client, cosigners=[personas.cosigner.proposer_id])
    message = Notification.objects.get(recipient=personas.cosigner)
    assert message.title == "王晓明邀请您联名“关于建设社区食堂的建议”"
    assert message.ask == "请于12月10日前确认是否联名"
    assert "2026年12月10日 10:00" in message.body
    client.force_login(personas.cosigner)
    assert "请于12月10日前确认是否联名" in client.get(reverse("inbox")).content.decode()


def test_the_clerk_names_a_namesake_as_the_directory_shows_them(
    client, personas, session, namesakes
):
    client.force_login(personas.clerk)
    refused = draft_with(client, proposer_name="王伟")
    assert "名录中有2位“王伟”,请写明是哪一位:王伟(经济界 · 民建)、王伟(教育界)" in (
        refused.content.decode()
    )
    response = draft_with(client, proposer_name="王伟(教育界)")
    assert response.status_code == 302, response.context["form"].errors
    assert Proposal.objects.get().lead_proposer == namesakes[1]


def test_the_history_names_the_namesake_who_was_invited(client, personas, session, namesakes):
    client.force_login(personas.member)
    draft_with(client, cosigners=[namesakes[1].pk])
    proposal = Proposal.objects.get()
    page = client.get(reverse("proposal-detail", args=[proposal.pk])).content.decode()
    assert "<b>邀请联名</b>:王伟(教育界)" in page
