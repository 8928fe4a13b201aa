"""Processes started as an operator starts them: a migrated SQLite file in a folder of its own."""

from __future__ import annotations

import os
import socket
import subprocess  # nosec B404 # the project's own commands
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

TIAN = [sys.executable, "-m", "tian.manage"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def var_dir(tmp_path_factory: Any) -> Path:
    """A fresh installation's folder: its own SQLite database, migrated; its own secret key."""
    path = tmp_path_factory.mktemp("var")
    env = server_env(path)
    subprocess.run([*TIAN, "migrate", "-v0"], env=env, check=True, timeout=300)  # nosec B603
    return path


def server_env(var_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        TIAN_VAR_DIR=str(var_dir),
        DATABASE_URL=f"sqlite:///{var_dir / 'tian.sqlite3'}",
        PYTHONPATH=os.pathsep.join(p for p in sys.path if p.endswith("src")),
    )
    env.update(extra)
    return env


def wait_for(url: str, seconds: float = 60) -> tuple[int, dict[str, str], bytes]:
    """The first answer `url` gives within `seconds`, whatever its status."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # nosec B310 # loopback
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.fixture
def started() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Processes a test starts; each is stopped after it, however the test ended."""
    processes: list[subprocess.Popen[bytes]] = []
    yield processes
    for process in processes:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(40)
            except subprocess.TimeoutExpired:
                process.kill()
