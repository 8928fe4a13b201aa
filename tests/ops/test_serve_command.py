"""`tian serve` (what `make demo` runs): gunicorn answers, the task worker beside it runs the
queued sweeps, and a SIGTERM stops all of it."""

from __future__ import annotations

import signal
import sqlite3
import subprocess  # nosec B404 # the project's own command
import time
from pathlib import Path
from typing import Any

from tests.ops.conftest import TIAN, free_port, server_env, wait_for


def task_states(var_dir: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(var_dir / "tian.sqlite3") as db:
        return db.execute(
            "SELECT task_path, status FROM django_tasks_database_dbtaskresult"
        ).fetchall()


def test_serve_runs_the_web_server_the_worker_and_the_sweeps_and_stops_on_sigterm(
    var_dir: Path, started: list[Any]
) -> None:
    port = free_port()
    env = server_env(var_dir, WEB_CONCURRENCY="1")
    serve = subprocess.Popen(  # nosec B603
        [*TIAN, "serve", "--bind", f"127.0.0.1:{port}"], env=env, stdout=subprocess.PIPE
    )
    started.append(serve)

    status, headers, _ = wait_for(f"http://127.0.0.1:{port}/healthz")
    assert (status, headers["Server"]) == (200, "gunicorn")
    assert wait_for(f"http://127.0.0.1:{port}/accounts/login/")[0] == 200
    assert wait_for(f"http://127.0.0.1:{port}/static/tian/favicon.svg")[0] == 200

    # The sweeps were queued on start, and the worker runs them.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        states = dict(task_states(var_dir))
        if states and all(state == "SUCCESSFUL" for state in states.values()):
            break
        time.sleep(0.5)
    assert {path.rsplit(".", 1)[-1] for path in states} >= {"send_reminders", "join_tracking_lists"}
    assert set(states.values()) == {"SUCCESSFUL"}

    serve.send_signal(signal.SIGTERM)
    assert serve.wait(45) == 0
    assert "Tian 正在运行" in serve.stdout.read().decode()
    assert (
        subprocess.run(  # nosec B603 B607
            ["pgrep", "-f", f"127.0.0.1:{port}"], capture_output=True
        ).returncode
        == 1
    )
