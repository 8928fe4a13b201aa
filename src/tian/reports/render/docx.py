"""The annual report as a Word document in the 公文 style (`tian.lib.gongwen`), with the
report's header table above the title."""

from __future__ import annotations

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_LINE_SPACING
from docx.shared import Mm, Pt

from tian.lib.gongwen import GongwenDocument
from tian.reports.annual import Report


def _header_table(doc: GongwenDocument, report: Report) -> None:
    rows = report.header
    table = doc.document.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row, (label, value) in zip(table.rows, rows, strict=True):
        row.cells[0].width, row.cells[1].width = Mm(28), Mm(128)
        for cell, text in ((row.cells[0], label), (row.cells[1], value)):
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
            doc.run(paragraph, text, size=Pt(10.5))
    doc.line()


def render(report: Report) -> bytes:
    doc = GongwenDocument(report.title)
    _header_table(doc, report)
    doc.title(report.title_lines)
    for paragraph in report.opening:
        doc.body(paragraph.text, lead=paragraph.lead, draft=bool(paragraph.note))
    for section in report.sections:
        doc.heading(section.heading)
        for paragraph in section.paragraphs:
            doc.body(paragraph.text, lead=paragraph.lead, draft=bool(paragraph.note))
    for paragraph in report.closing:
        doc.body(paragraph.text, lead=paragraph.lead, draft=bool(paragraph.note))
    return doc.save()
