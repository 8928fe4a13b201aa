"""The annual report as a standalone HTML page, with a print stylesheet (the PDF's input)."""

from __future__ import annotations

from django.template.loader import render_to_string

from tian.reports.annual import Report

# Faces a reader's machine may have for 公文 (仿宋/小标宋/黑体/楷体), then Noto CJK, which
# Debian's fonts-noto-cjk provides to WeasyPrint.
SCREEN_FONTS = {
    "body": '"FangSong", "仿宋", "仿宋_GB2312", "STFangsong", "Noto Serif CJK SC", serif',
    "title": '"方正小标宋简体", "FZXiaoBiaoSong-B05S", "Noto Serif CJK SC", serif',
    "heading": '"SimHei", "黑体", "Noto Sans CJK SC", sans-serif',
    "lead": '"KaiTi", "楷体", "楷体_GB2312", "STKaiti", "Noto Serif CJK SC", serif',
}
PDF_FONTS = {
    "body": '"Noto Serif CJK SC", "Noto Sans CJK SC", serif',
    "title": '"Noto Serif CJK SC", "Noto Sans CJK SC", serif',
    "heading": '"Noto Sans CJK SC", "Noto Serif CJK SC", sans-serif',
    "lead": '"Noto Serif CJK SC", "Noto Sans CJK SC", serif',
}


def header_rows(report: Report) -> list[list[tuple[str, str]]]:
    """The disclosure header two fields a row; the summary (内容概述) on a row of its own."""
    short = [(k, v) for k, v in report.header if k != "内容概述"]
    rows = [short[i : i + 2] for i in range(0, len(short), 2)]
    return rows + [[(k, v)] for k, v in report.header if k == "内容概述"]


def render_text(report: Report, *, for_pdf: bool = False) -> str:
    return render_to_string(
        "reports/report_document.html",
        {
            "report": report,
            "header_rows": header_rows(report),
            "fonts": PDF_FONTS if for_pdf else SCREEN_FONTS,
            "for_pdf": for_pdf,
        },
    )


def render(report: Report) -> bytes:
    return render_text(report).encode()
