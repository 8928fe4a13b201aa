"""Exporting a session's ledger (台账): the file reads back into the same data."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from tian.directory.models import Session
from tian.handling.sessions import create_session
from tian.ledgers.cells import COLUMNS
from tian.ledgers.export import export_ledger
from tian.ledgers.parse import read_ledger
from tian.ledgers.write import import_ledger
from tian.proposals.models import Proposal

from .test_ledger_import import MESSY_ROWS, TITLE_ROWS

pytestmark = pytest.mark.django_db


def snapshot(session: Session) -> list[dict[str, Any]]:
    """Everything a ledger states about each proposal, by names rather than ids."""
    rows = []
    proposals = Proposal.objects.filter(session=session).order_by("number")
    for proposal in proposals:
        reply = proposal.replies.order_by("id").first()
        feedback = proposal.feedbacks.order_by("id").first()
        key = getattr(proposal, "key", None)
        lead = proposal.lead_proposer
        rows.append(
            {
                "number": proposal.number,
                "title": proposal.title,
                "status": proposal.status,
                "category": proposal.category.name if proposal.category else None,
                "lead": (lead.name, lead.kind, lead.collective_kind),
                "co": sorted(c.proposer.name for c in proposal.cosignatures.all()),
                "units": sorted(
                    (a.unit.name, a.role, a.assigned_on) for a in proposal.assignments.all()
                ),
                "reply": (reply.unit.name, reply.grade and reply.grade.code, reply.replied_on)
                if reply
                else None,
                "verdict": (feedback.attitude, feedback.result) if feedback else None,
                "key": (
                    key.lead_leader and (key.lead_leader.name, key.lead_leader.title),
                    sorted((s.name, s.title) for s in key.supervisors.all()),
                )
                if key
                else None,
            }
        )
    return rows


@pytest.fixture
def imported(session, units, write_ledger):
    import_ledger(session, write_ledger(MESSY_ROWS, above=TITLE_ROWS))
    extra = [
        ["编号", "题目", "提案人", "主办单位"],
        [6, "关于青年创业的建议", "青年之家(集体)", "教育局"],
    ]
    import_ledger(session, write_ledger(extra, name="补充.xlsx"))
    return session


def fresh_session(slug: str, body: str, kind: str = "cppcc") -> Session:
    return create_session(
        None,
        slug,
        body=body,
        name="五届一次会议",
        year=2022,
        categories="经济发展类,城乡建设管理类,社会事业类,社会治理及其他类",
        grades="A=已解决或基本解决,B=正在解决或列入计划逐步解决,C=留作参考",
        body_kind=kind,
    ).session


def test_an_exported_ledger_imports_into_a_fresh_session_with_the_same_data(imported, tmp_path):
    path = tmp_path / "导出.xlsx"
    assert export_ledger(imported, path) == 6
    copy = fresh_session("copy-2022", "另一区政协")

    report = import_ledger(copy, path)

    assert sorted(report.created) == [1, 3, 4, 5, 6, 12]
    assert len(report.created_members) == 4 and len(report.created_collectives) == 5
    original = snapshot(imported)
    assert snapshot(copy) == original
    assert original[4]["lead"] == ("青年之家", "collective", "other")
    assert original[0]["key"] == (
        ("赵国强", "副区长"),
        [("孙丽", "区政协副主席"), ("钱伟", "区政协主席")],
    )


def test_reimporting_an_export_into_its_own_session_changes_nothing(imported, tmp_path):
    path = tmp_path / "导出.xlsx"
    export_ledger(imported, path)
    before = snapshot(imported)

    report = import_ledger(imported, path)

    assert report.created == [] and report.updated == []
    assert sorted(report.unchanged) == [1, 3, 4, 5, 6, 12]
    assert snapshot(imported) == before


def test_the_export_has_a_title_row_and_one_canonical_header_per_column(imported, tmp_path):
    path = tmp_path / "导出.xlsx"
    export_ledger(imported, path)

    sheet = load_workbook(path).active
    assert sheet["A1"].value == "测试区政协五届一次会议提案办理台账"
    assert [str(cells) for cells in sheet.merged_cells.ranges] == ["A1:O1"]
    headers = [cell.value for cell in sheet[2]]
    assert headers == [column.header for column in COLUMNS]
    assert len(set(headers)) == len(headers)
    first = {header: cell.value for header, cell in zip(headers, sheet[3], strict=True)}
    assert first["编号"] == 1
    assert first["主办单位"] == "区住房和城乡建设局"
    assert first["协办单位"] == "区财政局、区交通运输局"
    assert first["办理结果"] == "已解决或基本解决"
    assert first["交办日期"].date().isoformat() == "2022-03-01"
    ledger = read_ledger(path)
    assert ledger.header_row == 2 and len(ledger) == 6


def test_a_suggestion_ledger_uses_the_congress_words_and_reads_back(units, tmp_path, write_ledger):
    congress = fresh_session("npc-2022", "区人大", kind="npc")
    rows = [
        ["建议号", "建议标题", "领衔代表", "主办单位"],
        [8, "关于增设公交站的建议", "刘伟代表", "交通局"],
    ]
    import_ledger(congress, write_ledger(rows))
    path = tmp_path / "建议.xlsx"

    export_ledger(congress, path)

    headers = [cell.value for cell in load_workbook(path).active[2]]
    assert "建议人" in headers and "重点建议" in headers
    assert Proposal.objects.get(session=congress).kind == Proposal.Kind.SUGGESTION
    assert import_ledger(congress, path).unchanged == [8]


def test_the_export_command_writes_the_file(imported, tmp_path, capsys):
    path = tmp_path / "命令导出.xlsx"

    call_command("export_proposals", session=imported.slug, output=str(path))

    assert f"已导出6件提案到 {path}" in capsys.readouterr().out
    assert len(read_ledger(path)) == 6
