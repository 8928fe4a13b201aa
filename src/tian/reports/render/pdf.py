"""The annual report as PDF: the HTML page laid out by WeasyPrint with Noto CJK fonts.

Debian's libharfbuzz-subset0 lets WeasyPrint embed only the glyphs used; without it every
page embeds whole CJK fonts and takes seconds (scripts/sysdeps.sh installs it).
"""

from __future__ import annotations

from tian.reports.annual import Report
from tian.reports.render.html import render_text


def render(report: Report) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango costs a moment

    return HTML(string=render_text(report, for_pdf=True)).write_pdf()
