"""The annual report as Markdown: headings, the disclosure table, bold lead-ins."""

from __future__ import annotations

import re

from tian.reports.annual import Paragraph, Report

# Characters that Markdown (CommonMark with GFM tables) would read as markup anywhere in a
# line, and the markers that start a block (list, quote, heading underline) at its head.
_INLINE = re.compile(r"([\\`*_\[\]|~#])")
_BLOCK_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))", re.MULTILINE)


def _escape(text: str) -> str:
    """Record text as literal Markdown: < > & as entities, markup characters escaped."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _INLINE.sub(r"\\\1", text)
    return _BLOCK_START.sub(_escape_block_start, text)


def _escape_block_start(match: re.Match[str]) -> str:
    indent, marker = match.groups()
    return f"{indent}\\{marker}" if not marker[0].isdigit() else f"{indent}{marker}\\"


def _paragraph(paragraph: Paragraph) -> str:
    lead = f"**{_escape(paragraph.lead)}**" if paragraph.lead else ""
    return lead + _escape(paragraph.text)


def render(report: Report) -> bytes:
    lines = [f"# {_escape(report.title)}", ""]
    cells = [f"{_escape(label)} | {_escape(value)}" for label, value in report.header]
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
