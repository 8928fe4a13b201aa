"""Files attached on the drafting form reach the proposal (the form once refused them all)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tian.proposals.models import Proposal

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def pdf(name: str = "调研报告.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def png(name: str = "现场照片.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def test_a_member_attaches_two_files_when_writing_a_proposal(client, personas, session):
    client.force_login(personas.member)
    response = client.post(
        reverse("proposal-create"),
        {
            "title": "关于加强社区养老服务的建议",
            "suggestions": "建设日间照料中心。",
            "attachments": [pdf(), png()],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    proposal = Proposal.objects.get(title="关于加强社区养老服务的建议")
    files = {a.original_name: a.file.read() for a in proposal.attachments.all()}
    assert files == {"调研报告.pdf": PDF_BYTES, "现场照片.png": PNG_BYTES}


def test_a_member_adds_one_file_when_editing_the_draft(client, personas, session):
    client.force_login(personas.member)
    client.post(reverse("proposal-create"), {"title": "草稿", "suggestions": "建议"})
    proposal = Proposal.objects.get(title="草稿")
    response = client.post(
        reverse("proposal-edit", args=[proposal.pk]),
        {"version": proposal.version, "title": "草稿", "attachments": pdf()},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert [a.original_name for a in proposal.attachments.all()] == ["调研报告.pdf"]


def test_a_file_that_is_not_what_it_claims_is_refused_with_the_typed_text_kept(
    client, personas, session
):
    client.force_login(personas.member)
    fake = SimpleUploadedFile("报告.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(
        reverse("proposal-create"),
        {"title": "关于路灯的建议", "suggestions": "我写好的建议", "attachments": [fake]},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "文件内容不是允许的类型" in page
    assert "我写好的建议" in page
    assert not Proposal.objects.filter(title="关于路灯的建议").exists()
