"""The evaluation table as an Excel workbook (考核结果): ranking, scores and every reason."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from tian.evaluation.scoring import Evaluation
from tian.lib.dates import cn_date
from tian.lib.sheets import safe_row

NOT_APPLICABLE = "不涉及"


def write_workbook(evaluation: Evaluation, destination: str | Path | IO[bytes]) -> int:
    """Write the ranked table and the scheme to `destination`; return the number of units."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "考核结果"
    session = evaluation.session
    headers = ["名次", "承办单位"]
    headers += [
        f"{c.name}(每件扣{c.weight}分)" if c.is_deduction else f"{c.name}({c.weight}分)"
        for c in evaluation.criteria
    ]
    headers += ["总分", "计分说明"]
    title = f"{session}承办单位考核结果(截至{cn_date(evaluation.today)})"
    sheet.append(safe_row(sheet, [title]))
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(safe_row(sheet, headers))
    header_fill = PatternFill("solid", fgColor="F2F2F2")
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrap = Alignment(vertical="top", wrap_text=True)
    for row in evaluation.rows:
        values: list[object] = [row.rank if row.rank is not None else "—", row.unit.name]
        for score in row.scores:
            if score.points is None:
                values.append(NOT_APPLICABLE)
            else:
                points = -score.points if score.criterion.is_deduction else score.points
                values.append(float(points))
        values.append(float(row.total) if row.total is not None else "—")
        lines = [f"{score.criterion.name}:{score.explanation}" for score in row.scores]
        lines.append(f"总分:{row.explanation}")
        values.append("\n".join(lines))
        sheet.append(safe_row(sheet, values))
        for cell in sheet[sheet.max_row]:
            cell.alignment = wrap
    score_columns = range(3, 3 + len(evaluation.criteria) + 1)
    for row_cells in sheet.iter_rows(min_row=3, min_col=3, max_col=score_columns.stop - 1):
        for cell in row_cells:
            if isinstance(cell.value, float):
                cell.number_format = "0.0"
    widths = [6, 28] + [13] * len(evaluation.criteria) + [9, 90]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C3"
    _scheme_sheet(workbook, evaluation)
    workbook.save(destination)
    return len(evaluation.rows)


def _scheme_sheet(workbook: Workbook, evaluation: Evaluation) -> None:
    sheet = workbook.create_sheet("考核方案")
    sheet.append(safe_row(sheet, ["指标", "分值", "计分规则"]))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    wrap = Alignment(vertical="top", wrap_text=True)
    for criterion in evaluation.criteria:
        points = f"每件扣{criterion.weight}分" if criterion.is_deduction else criterion.weight
        sheet.append(safe_row(sheet, [criterion.name, points, criterion.help]))
        sheet.cell(row=sheet.max_row, column=3).alignment = wrap
    sheet.append([])
    sheet.append(["说明"])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    for note in evaluation.notes:
        sheet.append(safe_row(sheet, ["", "", note]))
        sheet.cell(row=sheet.max_row, column=3).alignment = wrap
    for index, width in enumerate([16, 14, 90], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
