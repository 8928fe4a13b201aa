"""The reply letter (答复函) is written out from the reply as entered, laid out as a 公文."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from docx import Document

from tests.conftest import login
from tian.audit.models import AuditEvent
from tian.directory.models import Body
from tian.handling.models import Assignment, Grade, Reply
from tian.proposals.models import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def reply(personas, filed, unit):
    Assignment.objects.create(proposal=filed, unit=unit, role=Assignment.Role.LEAD)
    filed.status = Status.HANDLING
    filed.save(update_fields=["status"])
    return Reply.objects.create(
        proposal=filed,
        unit=unit,
        grade=Grade.objects.get(session=filed.session, code="B"),
        replied_on=date(2022, 7, 26),
        situation="我区现有规模以上企业312家。\n\n今年一季度缺工约2,000人。",
        measures="稳岗返还比例提至90%。",
        plan="年内再开展两场招聘会。",
        doc_number="区人社函〔2022〕106号",
        issuer_name="魏红涛",
        contact_name="刘熠",
        contact_phone="0000-3303606",
        copy_to="区政协提案委员会,区政府办公室督查室",
        signer=personas.unit_head,
    )


def download(client, user, reply):
    login(client, user)
    return client.get(reverse("reply-letter-draft", args=[reply.pk]))


def lines(response) -> list[str]:
    document = Document(io.BytesIO(response.content))
    return [p.text for p in document.paragraphs if p.text.strip()]


def test_the_unit_downloads_its_reply_as_a_letter_with_every_part_in_order(
    client, personas, reply, filed
):
    response = download(client, personas.unit_clerk, reply)

    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    assert "attachment" in response["Content-Disposition"]
    text = lines(response)
    assert text[0] == "区人社函〔2022〕106号\t签发人:魏红涛"
    assert text[1] == "办理结果:B"
    assert text[2] == f"对{filed.session}\n{filed.number_label}提案的答复"
    assert text[3] == "王晓明、李红委员:"  # the lead proposer and the co-signer who confirmed
    assert text[4] == f"您们提出的《{filed.title}》的提案收悉。现答复如下:"
    assert text[5:11] == [
        "一、基本情况",
        "我区现有规模以上企业312家。",
        "今年一季度缺工约2,000人。",
        "二、已采取的措施",
        "稳岗返还比例提至90%。",
        "三、下一步计划",
    ]
    assert text[-5:] == [
        "感谢您们对我们工作的关心和支持,欢迎继续提出宝贵意见和建议。",
        reply.unit.name,
        "2022年7月26日",
        "(联系人:刘熠,联系电话:0000-3303606)",
        "抄送:区政协提案委员会,区政府办公室督查室",
    ]


def test_a_letter_without_a_named_issuer_names_the_leader_who_signed_it(client, personas, reply):
    reply.issuer_name = ""
    reply.doc_number = ""
    reply.save()

    text = lines(download(client, personas.unit_head, reply))

    assert text[0] == f"\t签发人:{personas.unit_head}"


def test_a_congress_suggestion_is_answered_to_its_deputies(client, personas, reply, filed):
    Body.objects.filter(pk=filed.session.body_id).update(kind=Body.Kind.NPC)

    text = lines(download(client, personas.unit_clerk, reply))

    assert text[3] == "王晓明、李红代表:"


def test_only_the_replying_unit_and_the_office_may_print_the_letter(client, personas, reply):
    assert download(client, personas.office, reply).status_code == 200
    for outsider in (personas.member, personas.co_clerk, personas.clerk, personas.leader):
        client.logout()
        assert download(client, outsider, reply).status_code == 403, outsider


def test_printing_the_letter_writes_nothing(client, personas, reply):
    login(client, personas.unit_clerk)
    before = AuditEvent.objects.count()

    client.get(reverse("reply-letter-draft", args=[reply.pk]))

    assert AuditEvent.objects.count() == before
