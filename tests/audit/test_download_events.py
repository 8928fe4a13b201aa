"""Exports and file downloads are recorded: who, what, from which address."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from tests.audit.conftest import reply
from tests.supervision.commitment_helpers import measure, pdf, replied_proposal
from tian.audit.events import EventType
from tian.audit.models import AuditEvent
from tian.handling import actions
from tian.proposals import actions as intake
from tian.supervision.commitments.actions import report_progress

pytestmark = pytest.mark.django_db
ADDRESS = "192.0.2.44"


def only(event_type: str) -> AuditEvent:
    return AuditEvent.objects.get(event_type=event_type)


def test_downloading_an_attachment_is_recorded(client: Any, personas: Any, session: Any) -> None:
    proposal = intake.create_proposal(
        personas.member,
        session=session,
        lead_proposer=personas.member.proposer,
        title="关于测试附件的建议",
        suggestions="建议。",
    )
    attachment = intake.add_attachment(personas.member, proposal, pdf("调研报告.pdf"))
    client.force_login(personas.member)

    response = client.get(reverse("attachment-download", args=[attachment.pk]), REMOTE_ADDR=ADDRESS)

    assert response.status_code == 200
    event = only(EventType.FILE_DOWNLOADED)
    assert (event.actor_username, event.proposal_id, event.ip) == ("member", proposal.pk, ADDRESS)
    assert event.message == "调研报告.pdf"
    assert (event.object_type, event.object_id) == ("proposals.attachment", str(attachment.pk))


def test_downloading_progress_evidence_is_recorded(
    client: Any, personas: Any, session: Any, unit: Any
) -> None:
    commitment = measure(replied_proposal(personas, session, unit), unit)
    update = report_progress(
        personas.unit_clerk,
        commitment,
        reported_on=date(2022, 7, 1),
        progress=30,
        note="选址完成",
        evidence=pdf(),
    )
    client.force_login(personas.office)

    client.get(reverse("progress-evidence", args=[update.pk]), REMOTE_ADDR=ADDRESS)

    event = only(EventType.FILE_DOWNLOADED)
    assert (event.actor_username, event.object_type) == ("office", "supervision.progressupdate")


def test_a_refused_download_records_nothing(client: Any, personas: Any, session: Any) -> None:
    proposal = intake.create_proposal(
        personas.member,
        session=session,
        lead_proposer=personas.member.proposer,
        title="关于测试附件的建议",
        suggestions="建议。",
    )
    attachment = intake.add_attachment(personas.member, proposal, pdf())
    client.force_login(personas.unit_clerk)

    assert client.get(reverse("attachment-download", args=[attachment.pk])).status_code == 403
    assert not AuditEvent.objects.filter(event_type=EventType.FILE_DOWNLOADED).exists()


def test_exporting_the_ledger_is_recorded(client: Any, personas: Any, session: Any) -> None:
    client.force_login(personas.clerk)

    client.get(reverse("ledger-export", args=[session.slug]), REMOTE_ADDR=ADDRESS)

    event = only(EventType.LEDGER_EXPORTED)
    assert (event.actor_username, event.ip) == ("clerk", ADDRESS)
    assert event.message == "test-2022-ledger.xlsx"


def test_exporting_the_evaluation_is_recorded(client: Any, personas: Any, session: Any) -> None:
    client.force_login(personas.office)

    client.get(reverse("evaluation-export", args=[session.slug]), REMOTE_ADDR=ADDRESS)

    assert only(EventType.EVALUATION_EXPORTED).actor_username == "office"


def test_downloading_the_annual_report_is_recorded(
    client: Any, personas: Any, session: Any
) -> None:
    client.force_login(personas.leader)

    client.get(reverse("report-download", args=[session.slug, "md"]), REMOTE_ADDR=ADDRESS)

    event = only(EventType.REPORT_DOWNLOADED)
    assert (event.actor_username, event.ip) == ("leader", ADDRESS)
    assert event.message.endswith(".md")


def test_downloading_a_signed_letter_is_recorded(
    client: Any, personas: Any, filed: Any, unit: Any
) -> None:
    actions.assign_proposal(personas.office, filed, version=filed.version, lead=unit)
    filed.refresh_from_db()
    actions.accept_assignment(personas.unit_clerk, filed, version=filed.version)
    actions.log_contact(
        personas.unit_clerk,
        filed,
        unit=unit,
        method="phone",
        stage="during",
        contacted_on=date.today(),
        summary="电话沟通",
    )
    letter = reply(personas, filed, unit)
    client.force_login(personas.unit_head)

    client.get(reverse("reply-letter", args=[letter.pk]), REMOTE_ADDR=ADDRESS)

    event = only(EventType.FILE_DOWNLOADED)
    assert (event.actor_username, event.object_type, event.ip) == (
        "unithead",
        "handling.reply",
        ADDRESS,
    )
