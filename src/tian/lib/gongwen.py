"""Word documents in the 公文 style of GB/T 9704: the annual report and the reply letters.

A4 with margins 37/35/28/26 mm; title 2号 (22 pt) 小标宋; body 3号 (16 pt) 仿宋 on exact
28 pt lines with a two-character first-line indent; 一、 headings in 黑体, (一) lead-ins in
楷体; "— 1 —" page numbers in the footer. Word picks the face for Chinese text from the
East-Asian font name (w:eastAsia), so every style and run sets it, not only the Latin name.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt, RGBColor

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
LEAD_FONT = "楷体_GB2312"
LATIN_FONT = "Times New Roman"
BODY_SIZE = Pt(16)  # 3号
TITLE_SIZE = Pt(22)  # 2号
SMALL_SIZE = Pt(14)  # 4号
LINE = Pt(28)
TEXT_WIDTH = Mm(210 - 28 - 26)
DRAFT_RED = RGBColor(0xA8, 0x07, 0x1A)

LEFT = WD_ALIGN_PARAGRAPH.LEFT
CENTER = WD_ALIGN_PARAGRAPH.CENTER
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT


def set_east_asian(target: Any, name: str, latin: str = LATIN_FONT) -> None:
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


class GongwenDocument:
    """A Word document laid out as a 公文: add a title, headings and body paragraphs."""

    def __init__(self, title: str) -> None:
        self.document = Document()
        self.document.core_properties.title = title
        self._styles()
        self._page_setup()

    def run(
        self,
        paragraph: Any,
        text: str,
        font: str = BODY_FONT,
        size: Length = BODY_SIZE,
        *,
        bold: bool = False,
    ) -> Any:
        """Add `text` to `paragraph` in `font` (Chinese face) and `size`."""
        run = paragraph.add_run(text)
        set_east_asian(run, font)
        run.font.size = size
        run.bold = bold
        return run

    def title(self, lines: list[str]) -> None:
        """The centred title in 小标宋, a line break between its lines, a blank line after."""
        title = self.document.add_paragraph()
        title.alignment = CENTER
        title.paragraph_format.line_spacing = Pt(35)
        title.paragraph_format.space_after = LINE
        for n, line in enumerate(lines):
            run = self.run(title, line, TITLE_FONT, TITLE_SIZE)
            if n < len(lines) - 1:
                run.add_break()

    def heading(self, text: str) -> None:
        """A 一、 heading in 黑体, kept with the paragraph after it."""
        heading = self.document.add_paragraph()
        heading.paragraph_format.first_line_indent = BODY_SIZE * 2
        heading.paragraph_format.keep_with_next = True
        self.run(heading, text, HEADING_FONT)

    def body(self, text: str, *, lead: str = "", draft: bool = False) -> Any:
        """A body paragraph indented two characters; `lead` in bold 楷体 before it; a `draft`
        (text the writer must still check) in red."""
        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.first_line_indent = BODY_SIZE * 2
        if lead:
            self.run(paragraph, lead, LEAD_FONT, bold=True)
        run = self.run(paragraph, text)
        if draft:
            run.font.color.rgb = DRAFT_RED
        return paragraph

    def line(self, text: str = "", *, align: Any = LEFT, size: Length = BODY_SIZE) -> Any:
        """A paragraph without indent (a salutation, a signature, a note), aligned."""
        paragraph = self.document.add_paragraph()
        paragraph.alignment = align
        if text:
            self.run(paragraph, text, size=size)
        return paragraph

    def left_and_right(self, left: str, right: str, *, size: Length = BODY_SIZE) -> Any:
        """One line with `left` at the margin and `right` flush right (文号 and 签发人)."""
        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
        self.run(paragraph, f"{left}\t{right}", size=size)
        return paragraph

    def save(self) -> bytes:
        out = BytesIO()
        self.document.save(out)
        return out.getvalue()

    def _styles(self) -> None:
        normal = self.document.styles["Normal"]
        set_east_asian(normal, BODY_FONT)
        normal.font.size = BODY_SIZE
        layout = normal.paragraph_format
        layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        layout.line_spacing = LINE
        layout.space_before = layout.space_after = Pt(0)
        layout.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    def _page_setup(self) -> None:
        section = self.document.sections[0]
        section.start_type = WD_SECTION.NEW_PAGE
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        footer = section.footer.paragraphs[0]
        footer.alignment = CENTER
        self.run(footer, "— ", size=SMALL_SIZE)
        self._page_field(footer)
        self.run(footer, " —", size=SMALL_SIZE)

    def _page_field(self, paragraph: Any) -> None:
        """A PAGE field, so Word numbers the pages itself (begin, instruction, end: a run each)."""
        for kind in ("begin", "instr", "end"):
            run = self.run(paragraph, "", size=SMALL_SIZE)
            if kind == "instr":
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = "PAGE"
            else:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            run._r.append(element)
