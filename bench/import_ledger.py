"""Benchmark: import a 10,000-row ledger (台账) into a fresh session on a temporary SQLite DB.

`run()` returns {"name", "rows", "runs", "median_s", "min_s"}; the target is a median under 10 s.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROWS = 10_000
RUNS = 3
NAME = "import_10k_ledger"
CATEGORIES = ["经济发展类", "城乡建设管理类", "社会事业类", "社会治理及其他类"]
GRADES = "A=已经解决或基本解决,B=正在解决或列入计划解决,C=留作参考"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红"
COLLECTIVES = [
    "民盟区委",
    "民进区委",
    "九三学社区委",
    "农工党区委",
    "区工商联",
    "经科农委",
    "教育界",
]
UNIT_NAMES = [f"区第{i}局" for i in range(1, 41)] + [f"第{i}镇" for i in range(1, 11)]
HEADER = [
    "提案号",
    "案由",
    "提案人",
    "联名人",
    "类别",
    "主办单位",
    "协办单位",
    "办理结果",
    "满意度",
    "是否重点提案",
    "领办领导",
    "督办领导",
    "交办日期",
    "答复日期",
]


def write_ledger(path: Path, rows: int = ROWS, seed: int = 2022) -> None:
    """Write a ledger of `rows` proposals with every column a real one has."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    members = sorted(
        {rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN) for _ in range(400)}
    )
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("台账")
    sheet.append(["基准区政协五届一次会议提案办理台账"])
    sheet.append(HEADER)
    start = datetime(2022, 3, 1)
    for number in range(1, rows + 1):
        lead = rng.choice(COLLECTIVES) if rng.random() < 0.1 else rng.choice(members)
        co = "、".join(rng.sample(members, rng.choice([0, 0, 1, 2])))
        units = rng.sample(UNIT_NAMES, 3)
        grade = rng.choices(["A", "B", "C", ""], [70, 20, 5, 5])[0]
        key = rng.random() < 0.01
        sheet.append(
            [
                f"第{number}号" if number % 7 == 0 else number,
                f"关于第{number}项民生实事的建议",
                f"{lead}等委员" if co and lead in members else lead,
                co,
                rng.choice(CATEGORIES),
                units[0],
                "、".join(units[1 : rng.choice([1, 2, 3])]),
                grade,
                rng.choice(["满意", "满意", "基本满意"]) if grade else "",
                "是" if key else "",
                "副区长 赵国强" if key else "",
                "区政协主席 钱伟、区政协副主席 孙丽" if key else "",
                start + timedelta(days=rng.randrange(30)),
                f"2022年{rng.randrange(5, 10)}月{rng.randrange(1, 28)}日" if grade else "",
            ]
        )
    workbook.save(path)


def _measure(runs: int) -> list[float]:
    from django.core.management import call_command

    from tian.directory.models import Unit
    from tian.handling.sessions import create_session
    from tian.ledgers.write import import_ledger
    from tian.proposals.models import Proposal

    call_command("migrate", verbosity=0)
    Unit.objects.bulk_create([Unit(name=name) for name in UNIT_NAMES], ignore_conflicts=True)
    times = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ledger.xlsx"
        write_ledger(path)
        for index in range(runs):
            setup = create_session(
                None,
                f"bench-{time.time_ns()}-{index}",
                body=f"基准区政协{time.time_ns()}",
                name="五届一次会议",
                year=2022,
                categories=CATEGORIES,
                grades=GRADES,
            )
            started = time.perf_counter()
            report = import_ledger(setup.session, path)
            times.append(time.perf_counter() - started)
            assert len(report.created) == ROWS, report.summary_line()
            assert Proposal.objects.filter(session=setup.session).count() == ROWS
    return times


def _in_process(runs: int) -> dict[str, Any]:
    import django

    folder = tempfile.mkdtemp(prefix="tian-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["TIAN_VAR_DIR"] = folder
    os.environ["DJANGO_SETTINGS_MODULE"] = "tian.settings"
    django.setup()
    try:
        times = _measure(runs)
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "name": NAME,
        "rows": ROWS,
        "runs": runs,
        "median_s": round(statistics.median(times), 3),
        "min_s": round(min(times), 3),
    }


def run(runs: int = RUNS) -> dict[str, Any]:
    """Time `runs` imports of a generated 10,000-row ledger, each into a fresh session.

    The work happens in a child process with its own temporary SQLite database, so the
    caller's Django settings and database are left alone.
    """
    output = subprocess.run(
        [sys.executable, "-m", "bench.import_ledger", str(runs)],
        cwd=Path(__file__).resolve().parent.parent,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


if __name__ == "__main__":
    print(json.dumps(_in_process(int(sys.argv[1]) if len(sys.argv) > 1 else RUNS)))
