"""Submitting is irreversible, so the 提交 button leads to a confirmation page: a GET shows
what will be sent (title, category, co-signers and their answers, attachments) and never
submits; the POST of its form does."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tian.audit.models import AuditEvent
from tian.proposals import actions
from tian.proposals.models import Proposal, Status

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def draft(client, personas, session):
    """A draft written through the form: a category, an invited co-signer, a file."""
    client.force_login(personas.member)
    client.post(
        reverse("proposal-create"),
        {
            "title": "关于建设口袋公园的建议",
            "subject": "老旧小区缺少休憩空间。",
            "suggestions": "利用边角地建设口袋公园。",
            "category": session.categories.get(name="城乡建设管理类").pk,
            "cosigners": [personas.cosigner.proposer_id],
            "attachments": [SimpleUploadedFile("选址图.pdf", PDF_BYTES, "application/pdf")],
        },
    )
    return Proposal.objects.get(title="关于建设口袋公园的建议")


def test_the_drafts_submit_button_leads_to_the_confirmation_page(client, draft):
    page = client.get(reverse("proposal-detail", args=[draft.pk])).content.decode()
    assert f'<a class="button primary" href="/proposals/{draft.pk}/submit/">提交</a>' in page


def test_the_confirmation_lists_what_will_be_sent_and_submits_nothing(client, draft):
    response = client.get(reverse("proposal-submit", args=[draft.pk]))
    page = response.content.decode()
    assert "提交后不能再修改" in page
    for shown in ("关于建设口袋公园的建议", "城乡建设管理类", "李红", "待确认", "选址图.pdf"):
        assert shown in page
    assert "有 1 位委员尚未确认联名" in page
    assert Proposal.objects.get(pk=draft.pk).status == Status.DRAFT
    assert not AuditEvent.objects.filter(event_type="transition.submit").exists()


def test_confirming_submits_the_draft(client, draft):
    page = client.get(reverse("proposal-submit", args=[draft.pk]))
    version = page.context["proposal"].version
    response = client.post(
        reverse("proposal-submit", args=[draft.pk]), {"version": version}, follow=True
    )
    assert "提案已提交,等待提案委审查。" in response.content.decode()
    assert Proposal.objects.get(pk=draft.pk).status == Status.SUBMITTED


def test_the_confirmation_says_what_the_workflow_would_refuse_and_offers_no_submit(
    client, personas, draft
):
    actions.update_draft(personas.member, draft, version=draft.version, suggestions="")
    page = client.get(reverse("proposal-submit", args=[draft.pk])).content.decode()
    assert "提交前请填写:具体建议。" in page
    assert '<button class="primary" type="submit" disabled>确认提交</button>' in page


def test_only_the_author_opens_the_confirmation(client, personas, draft):
    client.force_login(personas.cosigner)
    assert client.get(reverse("proposal-submit", args=[draft.pk])).status_code == 403
