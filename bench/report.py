"""The annual report of the demo session: Word under 2 s, PDF under 5 s (median of 3).

Times the whole path a download takes: figures and records read, then the file rendered.
"""

from __future__ import annotations

import statistics
import time
from io import StringIO

RUNS = 3
TARGETS = {"docx": 2.0, "pdf": 5.0, "md": 2.0}


def _demo_session():
    from django.core.management import call_command

    from tian.directory.models import Session

    session = Session.objects.filter(slug="xishan-2022").first()
    if session is None or not session.proposals.exists():
        call_command("load_demo", stdout=StringIO())
        session = Session.objects.get(slug="xishan-2022")
    return session


def run() -> list[dict]:
    from tian.reports.annual import build_report
    from tian.reports.render import render

    session = _demo_session()
    render(build_report(session), "pdf")  # warm up: Pango and the fonts load once a process
    results = []
    for fmt, target in TARGETS.items():
        times, size = [], 0
        for _ in range(RUNS):
            started = time.perf_counter()
            size = len(render(build_report(session), fmt))
            times.append(time.perf_counter() - started)
        median = statistics.median(times)
        results.append(
            {
                "benchmark": f"annual_report_{fmt}",
                "session": session.slug,
                "median_s": round(median, 3),
                "runs_s": [round(t, 3) for t in times],
                "bytes": size,
                "target_s": target,
                "ok": median < target,
            }
        )
    return results
