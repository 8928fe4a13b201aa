"""The annual report as a Word document in the 公文 style of GB/T 9704.

A4 with margins 37/35/28/26 mm; title 2号 (22 pt) 小标宋; body 3号 (16 pt) 仿宋 on exact
28 pt lines with a two-character first-line indent; 一、 headings in 黑体, (一) lead-ins in
楷体; "— 1 —" page numbers in the footer. Word picks the face for Chinese text from the
East-Asian font name (w:eastAsia), so every style and run sets it, not only the Latin name.
"""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from tian.reports.annual import Paragraph, Report

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
LEAD_FONT = "楷体_GB2312"
LATIN_FONT = "Times New Roman"
BODY_SIZE = Pt(16)  # 3号
TITLE_SIZE = Pt(22)  # 2号
LINE = Pt(28)


def set_east_asian(target, name: str, latin: str = LATIN_FONT) -> None:
    """Set a style's or run's font: `name` for Chinese (w:eastAsia), `latin` for the rest."""
    target.font.name = latin
    rpr = target.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), name)


def _page_setup(document) -> None:
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(footer, "— ", BODY_FONT, Pt(14))
    _page_field(footer)
    _run(footer, " —", BODY_FONT, Pt(14))


def _page_field(paragraph) -> None:
    """A PAGE field, so Word numbers the pages itself (begin, instruction, end: one run each)."""
    for kind in ("begin", "instr", "end"):
        run = _run(paragraph, "", BODY_FONT, Pt(14))
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = "PAGE"
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def _styles(document) -> None:
    normal = document.styles["Normal"]
    set_east_asian(normal, BODY_FONT)
    normal.font.size = BODY_SIZE
    layout = normal.paragraph_format
    layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    layout.line_spacing = LINE
    layout.space_before = layout.space_after = Pt(0)
    layout.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _run(paragraph, text: str, font: str, size=BODY_SIZE, bold: bool = False):
    run = paragraph.add_run(text)
    set_east_asian(run, font)
    run.font.size = size
    run.bold = bold
    return run


def _body(document, paragraph: Paragraph) -> None:
    out = document.add_paragraph()
    out.paragraph_format.first_line_indent = BODY_SIZE * 2
    if paragraph.lead:
        _run(out, paragraph.lead, LEAD_FONT, bold=True)
    run = _run(out, paragraph.text, BODY_FONT)
    if paragraph.note:
        run.font.color.rgb = RGBColor(0xA8, 0x07, 0x1A)


def _header_table(document, report: Report) -> None:
    rows = report.header
    table = document.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row, (label, value) in zip(table.rows, rows, strict=True):
        row.cells[0].width, row.cells[1].width = Mm(28), Mm(128)
        for cell, text in ((row.cells[0], label), (row.cells[1], value)):
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
            _run(paragraph, text, BODY_FONT, Pt(10.5))
    document.add_paragraph()


def render(report: Report) -> bytes:
    document = Document()
    _styles(document)
    _page_setup(document)
    document.core_properties.title = report.title
    _header_table(document, report)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing = Pt(35)
    title.paragraph_format.space_after = LINE
    for n, line in enumerate(report.title_lines):
        run = _run(title, line, TITLE_FONT, TITLE_SIZE)
        if n < len(report.title_lines) - 1:
            run.add_break()
    for paragraph in report.opening:
        _body(document, paragraph)
    for section in report.sections:
        heading = document.add_paragraph()
        heading.paragraph_format.first_line_indent = BODY_SIZE * 2
        heading.paragraph_format.keep_with_next = True
        _run(heading, section.heading, HEADING_FONT)
        for paragraph in section.paragraphs:
            _body(document, paragraph)
    for paragraph in report.closing:
        _body(document, paragraph)
    out = BytesIO()
    document.save(out)
    return out.getvalue()
