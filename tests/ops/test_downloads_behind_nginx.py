"""Behind nginx, Tian checks and audits a download, then nginx sends the file's bytes."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.supervision.commitment_helpers import pdf
from tian.audit.events import EventType
from tian.audit.models import AuditEvent
from tian.proposals import actions as intake

pytestmark = pytest.mark.django_db


@pytest.fixture
def attachment(personas: Any, session: Any) -> Any:
    proposal = intake.create_proposal(
        personas.member,
        session=session,
        lead_proposer=personas.member.proposer,
        title="关于测试附件的建议",
        suggestions="建议。",
    )
    return intake.add_attachment(personas.member, proposal, pdf("调研报告.pdf"))


def test_an_allowed_download_is_handed_to_nginx_by_its_stored_path(
    client: Any, personas: Any, attachment: Any, settings: Any
) -> None:
    settings.TIAN_MEDIA_ACCEL_REDIRECT = "/_protected/"
    client.force_login(personas.member)

    response = client.get(reverse("attachment-download", args=[attachment.pk]))

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_protected/{attachment.file.name}"
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(event_type=EventType.FILE_DOWNLOADED).count() == 1


def test_a_refused_download_never_reaches_nginx(
    client: Any, personas: Any, attachment: Any, settings: Any
) -> None:
    settings.TIAN_MEDIA_ACCEL_REDIRECT = "/_protected/"
    client.force_login(personas.unit_clerk)

    response = client.get(reverse("attachment-download", args=[attachment.pk]))

    assert response.status_code == 403
    assert not response.has_header("X-Accel-Redirect")


def test_without_nginx_django_sends_the_bytes_itself(
    client: Any, personas: Any, attachment: Any
) -> None:
    client.force_login(personas.member)

    response = client.get(reverse("attachment-download", args=[attachment.pk]))

    assert not response.has_header("X-Accel-Redirect")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
