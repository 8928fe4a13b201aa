"""`tian serve`: the web server, the task worker and the hourly sweeps, as production runs them.

`make demo` serves through it. In production the same three parts run as systemd units
(deploy/); this command is for an operator who wants them in one terminal.
"""

from __future__ import annotations

import os
import signal
import subprocess  # nosec B404 # starts Tian's own processes, no shell
import sys
import threading
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

SWEEP_EVERY_SECONDS = 3600


class Command(BaseCommand):
    help = "Serve Tian with gunicorn, the background-task worker and the hourly sweeps."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("TIAN_BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY") or 2)
        )
        parser.add_argument("--no-worker", action="store_true", help="no task worker")
        parser.add_argument("--no-sweeps", action="store_true", help="no hourly sweeps")

    def handle(self, *args: Any, **options: Any) -> None:
        # WhiteNoise serves from the app folders too; an absent STATIC_ROOT only makes it warn.
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
        python = sys.executable
        env = {**os.environ, "WEB_CONCURRENCY": str(options["workers"])}
        commands = {
            "web": [
                python,
                "-m",
                "gunicorn",
                "-c",
                "python:tian.ops.gunicorn_conf",
                "--bind",
                options["bind"],
            ],
        }
        if not options["no_worker"]:
            commands["worker"] = [
                python,
                "-m",
                "tian.manage",
                "db_worker",
                "--queue-name",
                "default",
            ]
        children = {
            name: subprocess.Popen(argv, env=env)  # nosec B603 # fixed argv, no shell
            for name, argv in commands.items()
        }
        stop = threading.Event()
        if not options["no_sweeps"]:
            threading.Thread(target=self._sweeps, args=(stop,), daemon=True).start()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        host, _, port = options["bind"].rpartition(":")
        self.stdout.write(
            f"Tian 正在运行:http://{host or '127.0.0.1'}:{port}/ "
            f"(gunicorn {options['workers']} 个进程"
            f"{'、后台任务' if 'worker' in children else ''};按 Ctrl+C 停止)"
        )
        code = 0
        try:
            while not stop.is_set():
                ended = {name: c.returncode for name, c in children.items() if c.poll() is not None}
                if ended:
                    name, code = next(iter(ended.items()))
                    self.stderr.write(f"{name} 已退出(代码 {code}),其余进程随之停止。")
                    code = code or 1
                    break
                stop.wait(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            stop.set()
            _stop_all(children.values())
        if code:
            sys.exit(code)

    def _sweeps(self, stop: threading.Event) -> None:
        """Queue the reminder (催办) and cross-year tracking sweeps now and every hour."""
        while not stop.is_set():
            for command in ("remind", "join_tracking"):
                try:
                    call_command(command)
                except Exception as error:  # a failed sweep must not stop the server
                    self.stderr.write(f"{command}: {error}")
            stop.wait(SWEEP_EVERY_SECONDS)


def _stop_all(children: Any, grace: float = 30.0) -> None:
    children = [c for c in children if c.poll() is None]
    for child in children:
        child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + grace
    for child in children:
        try:
            child.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
