"""The annual report as Markdown: headings, the disclosure table, bold lead-ins."""

from __future__ import annotations

from tian.reports.annual import Paragraph, Report


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("*", "\\*")


def _paragraph(paragraph: Paragraph) -> str:
    lead = f"**{_escape(paragraph.lead)}**" if paragraph.lead else ""
    return lead + _escape(paragraph.text)


def render(report: Report) -> bytes:
    lines = [f"# {_escape(report.title)}", ""]
    cells = [f"{label} | {_escape(value)}" for label, value in report.header]
    lines += ["| 信息公开 | |", "|---|---|", *(f"| {cell} |" for cell in cells), ""]
    for paragraph in report.opening:
        lines += [_paragraph(paragraph), ""]
    for section in report.sections:
        lines += [f"## {_escape(section.heading)}", ""]
        for paragraph in section.paragraphs:
            lines += [_paragraph(paragraph), ""]
    for paragraph in report.closing:
        lines += [_paragraph(paragraph), ""]
    return "\n".join(lines).encode()
