"""An uploaded ledger is kept only while its preview waits: confirming, abandoning or a
refusal removes it, and previews left open for more than a day go on the next upload."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tian.proposals.models import Proposal

from .test_ledger_import import MESSY_ROWS, TITLE_ROWS

pytestmark = pytest.mark.django_db


def kept(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "imports"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def ledger_bytes(write_ledger):
    return write_ledger(MESSY_ROWS, above=TITLE_ROWS).read_bytes()


def preview(client, session, content, name="台账.xlsx", *, status=200):
    file = SimpleUploadedFile(name, content)
    response = client.post(reverse("ledger-import"), {"session": session.slug, "file": file})
    assert response.status_code == status
    return response


@pytest.fixture
def clerk_client(client, units, personas):
    client.force_login(personas.clerk)
    return client


def test_confirming_a_preview_removes_the_uploaded_file(
    clerk_client, session, settings, ledger_bytes
):
    token = preview(clerk_client, session, ledger_bytes).context["token"]
    assert kept(settings)

    clerk_client.post(reverse("ledger-import"), {"session": session.slug, "token": token})

    assert Proposal.objects.count() == 5
    assert kept(settings) == []


def test_abandoning_a_preview_removes_the_uploaded_file_and_imports_nothing(
    clerk_client, session, settings, ledger_bytes
):
    response = preview(clerk_client, session, ledger_bytes)
    assert '<button name="cancel" value="1">' in response.content.decode()

    response = clerk_client.post(
        reverse("ledger-import"),
        {"session": session.slug, "token": response.context["token"], "cancel": "1"},
    )

    assert response.status_code == 302
    assert kept(settings) == [] and not Proposal.objects.exists()


def test_a_refused_ledger_is_not_kept(clerk_client, session, settings, write_ledger):
    broken = write_ledger([["编号", "题目"], ["abc", "关于停车的建议"]]).read_bytes()

    response = preview(clerk_client, session, broken, status=400)

    assert response.context["errors"]
    assert kept(settings) == []


def test_previews_older_than_a_day_are_removed_on_the_next_upload(
    clerk_client, personas, session, settings, ledger_bytes
):
    preview(clerk_client, session, ledger_bytes, name="昨天.xlsx")
    stale = kept(settings)
    # Hours pass between the uploads: the clerk signs in again each time (idle timeout).
    with time_machine.travel(timezone.now() + timedelta(hours=20)):
        clerk_client.force_login(personas.clerk)
        preview(clerk_client, session, ledger_bytes, name="今早.xlsx")
    recent = set(kept(settings)) - set(stale)

    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        clerk_client.force_login(personas.clerk)
        preview(clerk_client, session, ledger_bytes, name="现在.xlsx")

    left = set(kept(settings))
    assert not left & set(stale)
    assert recent <= left and len(left - recent) == 2  # the new upload and its name
