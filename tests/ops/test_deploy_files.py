"""deploy/: the systemd units, the nginx site and the environment template are real files
that parse, and the web unit's command line starts the app."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess  # nosec B404 # nginx -t and the web unit's own command line
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import get_commands

from tests.ops.conftest import free_port, server_env, wait_for

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("tian-*"))
VENV_BIN = "/opt/tian/.venv/bin/"


def unit_file(path: Path) -> dict[str, dict[str, list[str]]]:
    """A systemd unit as {section: {key: [values]}}; keys may repeat (ExecStart of a oneshot)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current = None
    for number, raw in enumerate(path.read_text().splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if match := re.fullmatch(r"\[(\w+)\]", line):
            current = sections.setdefault(match[1], {})
            continue
        key, sep, value = line.partition("=")
        assert current is not None and sep and re.fullmatch(r"[A-Za-z]+", key), (
            f"{path.name}:{number}: {raw}"
        )
        current.setdefault(key, []).append(value)
    return sections


def test_there_are_units_for_the_web_the_worker_and_the_hourly_sweeps() -> None:
    assert [p.name for p in UNITS] == [
        "tian-sweeps.service",
        "tian-sweeps.timer",
        "tian-web.service",
        "tian-worker.service",
    ]


@pytest.mark.parametrize("path", [p for p in UNITS if p.suffix == ".service"], ids=lambda p: p.name)
def test_each_service_runs_a_project_command_as_tian_with_the_environment_file(path: Path) -> None:
    unit = unit_file(path)

    assert unit["Unit"]["Description"][0].startswith("Tian")
    service = unit["Service"]
    assert service["User"] == ["tian"]
    assert service["EnvironmentFile"] == ["/etc/tian/tian.env"]
    for command in service["ExecStart"]:
        assert command.startswith(VENV_BIN), command
    for argv in (shlex.split(c) for c in service["ExecStart"] if c.startswith(VENV_BIN + "tian ")):
        assert argv[1].replace("-", "_") in get_commands(), argv


def test_the_timer_queues_the_sweeps_every_hour() -> None:
    timer = unit_file(DEPLOY / "systemd" / "tian-sweeps.timer")

    assert timer["Timer"]["OnUnitActiveSec"] == ["1h"]
    assert timer["Install"]["WantedBy"] == ["timers.target"]
    commands = unit_file(DEPLOY / "systemd" / "tian-sweeps.service")["Service"]["ExecStart"]
    assert [c.split()[1] for c in commands] == ["remind", "join-tracking"]


def test_every_variable_of_the_environment_template_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    names = [
        line.split("=", 1)[0]
        for line in (DEPLOY / "tian.env.example").read_text().splitlines()
        if line and not line.startswith("#")
    ]

    assert names
    assert [name for name in names if f"`{name}`" not in readme] == []


def test_nginx_accepts_the_site(tmp_path: Path) -> None:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.fail("nginx not found: `make test` installs it as root; else apt-get install nginx")
    subprocess.run(  # nosec B603 B607
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=tian.test",
            "-keyout",
            str(tmp_path / "privkey.pem"),
            "-out",
            str(tmp_path / "fullchain.pem"),
        ],
        check=True,
        capture_output=True,
    )
    site = (DEPLOY / "nginx" / "tian.conf").read_text().replace("/etc/ssl/tian", str(tmp_path))
    (tmp_path / "tian.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  include {tmp_path}/tian.conf;\n}}\n"
    )

    result = subprocess.run(  # nosec B603
        [nginx, "-t", "-q", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    assert "internal;" in site  # uploads only through Tian's permission check


def test_the_web_units_command_line_serves_the_app(var_dir: Path, started: list[Any]) -> None:
    (command,) = unit_file(DEPLOY / "systemd" / "tian-web.service")["Service"]["ExecStart"]
    argv = shlex.split(command)
    assert argv[0] == VENV_BIN + "python"
    port = free_port()
    env = server_env(var_dir, TIAN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="1")

    started.append(subprocess.Popen([sys.executable, *argv[1:]], env=env))  # nosec B603
    status, headers, body = wait_for(f"http://127.0.0.1:{port}/healthz")

    assert status == 200, body
    assert headers["Server"] == "gunicorn"
    assert json.loads(body)["checks"]["migrations"] == {"status": "ok", "pending": 0}
