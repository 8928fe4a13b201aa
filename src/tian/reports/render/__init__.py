"""Renderers of the annual report: one module a format, each `render(report) -> bytes`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from tian.reports.annual import Report


@dataclass(frozen=True)
class Format:
    code: str
    label: str
    content_type: str
    extension: str
    background: bool  # rendered by the worker, not while the browser waits

    def renderer(self) -> Callable[[Report], bytes]:
        return import_module(f"tian.reports.render.{self.code}").render


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

FORMATS: dict[str, Format] = {
    f.code: f
    for f in (
        Format(
            "docx",
            "Word",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".docx",
            False,
        ),
        Format("pdf", "PDF", "application/pdf", ".pdf", True),
        Format("html", "HTML", "text/html; charset=utf-8", ".html", False),
        Format("md", "Markdown", "text/markdown; charset=utf-8", ".md", False),
    )
}


def render(report: Report, fmt: str) -> bytes:
    """The report in format `fmt` (a key of FORMATS)."""
    return FORMATS[fmt].renderer()(report)


def filename(report: Report, fmt: str) -> str:
    return f"{report.session_slug}-annual-report{FORMATS[fmt].extension}"
