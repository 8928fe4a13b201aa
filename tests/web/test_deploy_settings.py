"""With the production environment (DEBUG off, SECURE_COOKIES on, a long secret key, a host
name), Django's deployment checklist finds nothing: HTTPS redirect, HSTS, secure cookies and
the proxy header are all set."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path


def _clean_environment(**values: str) -> dict[str, str]:
    """Only what a server would have: none of the test run's own variables (the browser
    tests set DJANGO_ALLOW_ASYNC_UNSAFE, which the checklist rightly refuses)."""
    kept = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
    return {**kept, "DJANGO_SETTINGS_MODULE": "tian.settings", **values}


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path):
    env = _clean_environment(
        DEBUG="false",
        SECURE_COOKIES="true",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="tian.example.gov.cn",
        TIAN_VAR_DIR=str(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, "-m", "tian.manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_https_settings_follow_secure_cookies(tmp_path: Path):
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        " s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    env = _clean_environment(SECURE_COOKIES="true", TIAN_VAR_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-c", f"import django;django.setup();{code}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.split() == [
        "True",
        "31536000",
        "True",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "True",
        "True",
    ]
