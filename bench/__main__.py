"""`make bench`: run every benchmark on a throwaway database, write JSON to bench/results/.

Each benchmark module has `run() -> dict` (or a list of dicts). Timings are medians of
several runs; these machines are shared and noisy, so compare ratios, not single numbers.
"""

from __future__ import annotations

import importlib
import json
import os
import platform
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

BENCHMARKS = ["bench.import_ledger", "bench.list_queries", "bench.figures", "bench.report"]
RESULTS = Path(__file__).resolve().parent / "results"


def main() -> int:
    scratch = Path(tempfile.mkdtemp(prefix="tian-bench-"))
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
    os.environ.setdefault("TIAN_VAR_DIR", str(scratch))
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tian.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    results = []
    for name in sys.argv[1:] or BENCHMARKS:
        started = time.perf_counter()
        outcome = importlib.import_module(name).run()
        for item in outcome if isinstance(outcome, list) else [outcome]:
            item.setdefault("module", name)
            results.append(item)
            print(json.dumps(item, ensure_ascii=False))
        print(f"# {name}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    from django.db import connection

    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "database": connection.vendor,
        "results": results,
    }
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    for path in (RESULTS / f"{stamp}-{connection.vendor}.json", RESULTS / "latest.json"):
        path.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(f"# written to {RESULTS / 'latest.json'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
