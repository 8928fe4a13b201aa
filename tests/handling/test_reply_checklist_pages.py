"""The reply through its pages, in the order units work: the clerk saves the reply form (its
letter lines too) without the stamped letter and sees “签发前还需…”; the leader signs the
text; the clerk downloads the letter (Word), attaches the stamped scan and sends it (报送)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from docx import Document

from tests.handling.conftest import letter
from tests.handling.test_handling_flow import assign, fresh
from tian.handling import actions
from tian.handling.models import Grade, Reply

pytestmark = pytest.mark.django_db

LETTER_LINES = {
    "doc_number": "区人社函〔2022〕106号",
    "issuer_name": "魏红涛",
    "contact_name": "刘熠",
    "contact_phone": "0510-83303606",
    "copy_to": "区政协提案委员会",
}


@pytest.fixture
def proposal(personas, filed, unit):
    proposal = assign(personas, filed, unit)
    actions.accept_assignment(personas.unit_clerk, fresh(proposal), version=fresh(proposal).version)
    actions.log_contact(
        personas.unit_clerk,
        proposal,
        unit=unit,
        method="phone",
        stage="before",
        contacted_on=date.today(),
        summary="电话听取意见",
    )
    return fresh(proposal)


def post_reply(client, user, proposal, **fields):
    data = {
        "grade": Grade.objects.get(session=proposal.session, code="A").pk,
        "situation": "已与企业座谈。",
        "measures": "稳岗返还比例提至90%。",
        "plan": "",
        "disclosure": "publish",
        "c-TOTAL_FORMS": "0",
        "c-INITIAL_FORMS": "0",
    } | LETTER_LINES
    data |= fields
    client.force_login(user)
    return client.post(reverse("proposal-reply", args=[proposal.pk]), data, follow=True)


def proposal_page(client, user, proposal) -> str:
    client.force_login(user)
    return client.get(reverse("proposal-detail", args=[proposal.pk])).content.decode()


def test_the_reply_form_keeps_the_letters_lines_and_the_word_letter_uses_them(
    client, personas, proposal
):
    post_reply(client, personas.unit_clerk, proposal)
    reply = Reply.objects.get()
    assert {name: getattr(reply, name) for name in LETTER_LINES} == LETTER_LINES
    form = client.get(reverse("proposal-reply", args=[proposal.pk])).content.decode()
    for value in LETTER_LINES.values():
        assert f'value="{value}"' in form
    assert reverse("reply-letter-draft", args=[reply.pk]) in form
    word = client.get(reverse("reply-letter-draft", args=[reply.pk]))
    text = [p.text for p in Document(io.BytesIO(word.content)).paragraphs]
    assert "区人社函〔2022〕106号\t签发人:魏红涛" in text
    assert "(联系人:刘熠,联系电话:0510-83303606)" in text


def test_a_draft_lacking_its_grade_is_saved_and_both_clerk_and_leader_see_what_is_missing(
    client, personas, proposal
):
    response = post_reply(client, personas.unit_clerk, proposal, grade="")
    assert Reply.objects.get().status == Reply.Status.DRAFT
    assert "签发前还需:请选择办理结果分类" in response.content.decode()
    for user in (personas.unit_clerk, personas.unit_head):
        page = proposal_page(client, user, proposal)
        assert "签发前还需" in page and "请选择办理结果分类" in page, user
        assert "等待单位负责人签发" not in page
    # The leader is not offered a signature the action would refuse.
    assert "签发答复</button>" not in proposal_page(client, personas.unit_head, proposal)


def test_the_leader_signs_a_reply_without_the_scan_then_the_clerk_attaches_it_and_sends_it(
    client, personas, proposal
):
    post_reply(client, personas.unit_clerk, proposal)
    reply = Reply.objects.get()
    page = proposal_page(client, personas.unit_head, proposal)
    assert "签发答复</button>" in page
    response = client.post(
        reverse("reply-sign", args=[reply.pk]), {"version": reply.version}, follow=True
    )
    assert "请联络员下载答复函(Word),盖章扫描后上传" in response.content.decode()
    reply.refresh_from_db()
    assert reply.status == Reply.Status.SIGNED

    page = proposal_page(client, personas.unit_clerk, proposal)
    assert "报送前还需" in page and "请上传加盖公章的答复函" in page
    assert reverse("reply-letter-draft", args=[reply.pk]) in page
    assert reverse("reply-attach-letter", args=[reply.pk]) in page
    assert reverse("reply-submit", args=[reply.pk]) not in page  # nothing to send yet

    response = client.post(
        reverse("reply-attach-letter", args=[reply.pk]),
        {"version": reply.version, "letter": letter()},
        follow=True,
    )
    assert "签章答复函已上传" in response.content.decode()
    reply.refresh_from_db()
    assert reply.letter and reply.status == Reply.Status.SIGNED
    page = proposal_page(client, personas.unit_clerk, proposal)
    assert "报送前还需" not in page and reverse("reply-submit", args=[reply.pk]) in page

    response = client.post(
        reverse("reply-submit", args=[reply.pk]), {"version": reply.version}, follow=True
    )
    assert "答复已报送督查室审核" in response.content.decode()
    assert Reply.objects.get().status == Reply.Status.SUBMITTED


def test_attaching_without_a_file_is_refused_with_the_reason(client, personas, proposal):
    post_reply(client, personas.unit_clerk, proposal)
    reply = Reply.objects.get()
    reply = actions.sign_reply(personas.unit_head, reply, version=reply.version)
    client.force_login(personas.unit_clerk)
    response = client.post(
        reverse("reply-attach-letter", args=[reply.pk]), {"version": reply.version}, follow=True
    )
    assert "请选择盖章后扫描的答复函" in response.content.decode()
    assert not Reply.objects.get().letter


def test_the_co_unit_may_not_attach_the_lead_units_letter(client, personas, filed, unit, co_unit):
    proposal = assign(personas, filed, unit, [co_unit])
    actions.accept_assignment(personas.unit_clerk, fresh(proposal), version=fresh(proposal).version)
    post_reply(client, personas.unit_clerk, proposal)
    reply = Reply.objects.get()
    client.force_login(personas.co_clerk)
    response = client.post(
        reverse("reply-attach-letter", args=[reply.pk]),
        {"version": reply.version, "letter": letter()},
    )
    assert response.status_code == 403
    assert not Reply.objects.get().letter
