"""The filing review (立案审查) shows the whole proposal beside the decision — 案由, 现状与问题,
具体建议, attachments, the proposer and co-signers — so the clerk opens no other page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tian.proposals import actions
from tian.workflow import intake

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def submitted(personas, session):
    member = personas.member
    proposal = actions.create_proposal(
        member,
        session=session,
        lead_proposer=member.proposer,
        title="关于规范共享单车停放的建议",
        subject="共享单车乱停乱放,占用盲道。",
        background="主城区投放量三年翻番,停放点不足。",
        suggestions="一、划定停放区;二、企业承担调度责任。",
    )
    actions.invite_cosigners(member, proposal, [personas.cosigner.proposer])
    actions.respond_to_invitation(personas.cosigner, proposal, accept=True)
    upload = SimpleUploadedFile("现场照片.pdf", PDF_BYTES, content_type="application/pdf")
    actions.add_attachment(member, proposal, upload)
    proposal.refresh_from_db()
    return intake.submit_proposal(member, proposal, version=proposal.version)


def test_the_review_page_shows_the_whole_proposal(client, personas, submitted):
    client.force_login(personas.clerk)
    page = client.get(reverse("proposal-review", args=[submitted.pk])).content.decode()
    for heading, text in (
        ("案由", "共享单车乱停乱放,占用盲道。"),
        ("现状与问题", "主城区投放量三年翻番,停放点不足。"),
        ("具体建议", "一、划定停放区;二、企业承担调度责任。"),
    ):
        assert f"<h2>{heading}</h2>" in page
        assert text in page
    attachment = submitted.attachments.get()
    assert f'href="/attachments/{attachment.pk}/">现场照片.pdf</a>' in page
    assert "王晓明" in page
    assert '李红<span class="muted small">(已确认)' in page


def test_an_empty_subject_is_shown_as_missing_on_the_review(client, personas, submitted):
    type(submitted).objects.filter(pk=submitted.pk).update(subject="")
    client.force_login(personas.clerk)
    page = client.get(reverse("proposal-review", args=[submitted.pk])).content.decode()
    assert '<h2>案由</h2><div class="prose" data-part="subject">—</div>' in page
