"""Progress updates from an Excel sheet: every row or none, with row-numbered errors."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from tests.supervision.commitment_helpers import measure, replied_proposal, sheet
from tian.audit.events import EventType
from tian.audit.models import AuditEvent
from tian.lib.sheets import LedgerError
from tian.supervision.commitments.actions import import_progress, parse_progress
from tian.supervision.models import Commitment, ProgressUpdate

pytestmark = pytest.mark.django_db

HEADER = ["提案号", "措施", "完成进度", "进展情况", "日期"]


@pytest.fixture(autouse=True)
def _summer_2022():
    with time_machine.travel(date(2022, 8, 1), tick=False):
        yield


@pytest.fixture
def measures(personas, session, unit):
    proposal = replied_proposal(personas, session, unit, number=69)
    return (
        measure(proposal, unit, "建设零工市场"),
        measure(proposal, unit, "开展技能培训 10 场"),
    )


@pytest.mark.parametrize(
    ("value", "number_format", "expected"),
    [
        (60, "General", 60),
        ("60%", "General", 60),
        ("６０％", "General", 60),
        (0.6, "0%", 60),
        ("已完成", "General", 100),
        (" 35 ", "General", 35),
    ],
)
def test_progress_cells_are_read_as_percentages(value, number_format, expected):
    assert parse_progress(value, number_format) == expected


def test_a_sheet_records_progress_for_the_matched_commitments(personas, session, measures):
    market, training = measures
    rows = [
        HEADER,
        ["第69号", "建设零工市场", "60%", "已完成装修", "2022-07-01"],
        [69, "开展技能培训10场", 100, "10场培训全部完成", date(2022, 7, 15)],
    ]
    report = import_progress(
        sheet(rows, title=["2022年实施清单进展表"]), session=session, actor=personas.office
    )
    assert len(report.rows) == 2
    market.refresh_from_db()
    training.refresh_from_db()
    assert (market.progress, market.status) == (60, Commitment.Status.OPEN)
    assert (training.progress, training.status) == (100, Commitment.Status.DONE)
    assert AuditEvent.objects.filter(event_type=EventType.PROGRESS_IMPORTED).count() == 2


def test_one_bad_row_refuses_the_whole_sheet_with_row_numbers(personas, session, measures):
    rows = [
        HEADER,
        [69, "建设零工市场", 60, "已完成装修", "2022-07-01"],
        [69, "修建体育馆", 50, "设计中", "2022-07-01"],
        [70, "建设零工市场", 50, "设计中", "2022-07-01"],
        [69, "开展技能培训", 150, "", "2022-13-01"],
    ]
    with pytest.raises(LedgerError) as caught:
        import_progress(sheet(rows), session=session, actor=personas.office)
    lines = [str(e) for e in caught.value.errors]
    assert any(line.startswith("第3行「措施」:找不到措施“修建体育馆”") for line in lines)
    assert "第4行「提案号」:本次会议第70号提案没有实施清单" in lines
    assert any(line.startswith("第5行「进度」") for line in lines)
    assert any(line.startswith("第5行「日期」") for line in lines)
    assert "第5行「进展情况」:不能为空" in lines
    assert not ProgressUpdate.objects.exists()


def test_a_dry_run_writes_nothing(personas, session, measures):
    rows = [HEADER, [69, "建设零工市场", 60, "已完成装修", "2022-07-01"]]
    report = import_progress(sheet(rows), session=session, actor=personas.office, dry_run=True)
    assert report.dry_run and len(report.rows) == 1
    assert not ProgressUpdate.objects.exists()


def test_importing_the_same_sheet_twice_changes_nothing_the_second_time(
    personas, session, measures
):
    rows = [HEADER, [69, "建设零工市场", 60, "已完成装修", "2022-07-01"]]
    import_progress(sheet(rows), session=session, actor=personas.office)
    again = import_progress(sheet(rows), session=session, actor=personas.office)
    assert (len(again.rows), again.unchanged) == (0, 1)
    assert ProgressUpdate.objects.count() == 1


def test_a_sheet_without_the_needed_headers_is_refused(personas, session, measures):
    with pytest.raises(LedgerError, match="找不到表头"):
        import_progress(sheet([["甲", "乙"], [1, 2]]), session=session, actor=personas.office)


def test_only_the_office_imports(personas, session, measures):
    rows = [HEADER, [69, "建设零工市场", 60, "已完成装修", "2022-07-01"]]
    with pytest.raises(PermissionDenied):
        import_progress(sheet(rows), session=session, actor=personas.unit_clerk)
