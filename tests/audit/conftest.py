"""Helpers for the audit tests: read the chain, tamper with the table as an attacker would."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tests.handling import conftest as handling_fixtures
from tian.audit import triggers


def verify(*args: str) -> str:
    """Run `tian audit verify`; return its output, or raise CommandError naming the break."""
    from io import StringIO

    out = StringIO()
    call_command("audit", "verify", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def verify_error(*args: str) -> str:
    with pytest.raises(CommandError) as caught:
        verify(*args)
    return str(caught.value)


def tamper(sql: str, params: list[Any] | None = None) -> None:
    """Run raw SQL on the audit table with its triggers lifted (as a database owner could);
    the test's transaction puts them back."""
    triggers.remove(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])


# The handling tests' filed proposal and co-unit, for the history tests.
filed = handling_fixtures.filed
co_unit = handling_fixtures.co_unit
