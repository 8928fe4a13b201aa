"""`tian audit export --since` writes JSON Lines with the hashes; the archive verifies offline."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from tian.audit.actions import record_event
from tian.audit.events import EventType

from .conftest import verify, verify_error

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def history() -> None:
    for day, text in [(1, "一月"), (2, "二月"), (3, "三月")]:
        with time_machine.travel(datetime(2023, day, 10, 9, tzinfo=TZ), tick=False):
            record_event(None, EventType.SESSION_CREATED, message=text)


def test_export_since_a_day_writes_the_events_from_that_day_with_their_hashes(
    history: None, tmp_path: Path
) -> None:
    archive = tmp_path / "audit.jsonl"

    call_command("audit", "export", "--since", "2023-02-01", "-o", str(archive))

    rows = [json.loads(line) for line in archive.read_text().splitlines()]
    assert [r["message"] for r in rows] == ["二月", "三月"]
    assert rows[1]["prev_hash"] == rows[0]["hash"]
    assert rows[0]["created_at"] == "2023-02-10T01:00:00.000000+00:00"
    assert "无断点" in verify("--file", str(archive))


def test_an_altered_archive_fails_verification(history: None, tmp_path: Path) -> None:
    archive = tmp_path / "audit.jsonl"
    call_command("audit", "export", "--since", "2023-01-01", "-o", str(archive))
    lines = archive.read_text().splitlines()
    row = json.loads(lines[1])
    row["message"] = "改过"
    lines[1] = json.dumps(row, ensure_ascii=False)
    archive.write_text("\n".join(lines) + "\n")

    error = verify_error("--file", str(archive))

    assert f"#{row['id']}" in error


def test_export_refuses_a_malformed_date(history: Any) -> None:
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("audit", "export", "--since", "2023/02/01")
