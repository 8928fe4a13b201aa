"""An uploaded progress sheet is kept only while its preview waits."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.supervision.commitment_helpers import measure, replied_proposal, sheet
from tian.supervision.models import ProgressUpdate

pytestmark = pytest.mark.django_db

ROWS = [
    ["提案号", "措施", "完成进度", "进展情况", "日期"],
    [69, "建设零工市场", 60, "装修", "2022-07-01"],
]


def kept(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "imports"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def office(client, personas, session, unit):
    measure(replied_proposal(personas, session, unit, number=69), unit)
    client.force_login(personas.office)
    return client


def upload(client, session, rows=ROWS):
    file = SimpleUploadedFile("进展.xlsx", sheet(rows).getvalue())
    return client.post(reverse("commitment-import"), {"session": session.slug, "file": file})


def test_confirming_or_abandoning_a_progress_preview_removes_the_file(office, session, settings):
    with time_machine.travel(date(2022, 8, 1)):
        token = upload(office, session).context["token"]
        office.post(reverse("commitment-import"), {"session": session.slug, "token": token})
        assert ProgressUpdate.objects.count() == 1 and kept(settings) == []

        later = [ROWS[0], [69, "建设零工市场", 80, "完工", "2022-07-20"]]
        token = upload(office, session, later).context["token"]
        assert kept(settings)
        response = office.post(
            reverse("commitment-import"),
            {"session": session.slug, "token": token, "cancel": "1"},
        )
        assert response.status_code == 302
        assert kept(settings) == [] and ProgressUpdate.objects.count() == 1


def test_progress_previews_older_than_a_day_are_removed_on_the_next_upload(
    office, personas, session, settings
):
    with time_machine.travel(datetime(2022, 8, 1, 9)):
        office.force_login(personas.office)
        upload(office, session)
    stale = kept(settings)
    assert stale

    # A day later the office signs in again (the idle timeout ended yesterday's session).
    with time_machine.travel(datetime(2022, 8, 2, 10)):
        office.force_login(personas.office)
        upload(office, session)

    assert not set(kept(settings)) & set(stale) and kept(settings)
