"""Helpers for the audit tests: read the chain, tamper with the table as an attacker would."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tests.handling import conftest as handling_fixtures
from tests.handling.conftest import letter
from tian.audit import triggers
from tian.handling import actions
from tian.handling.models import Grade
from tian.proposals.models import Proposal


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


def fresh(proposal: Proposal) -> Proposal:
    proposal.refresh_from_db()
    return proposal


def reply(personas: Any, proposal: Proposal, unit: Any) -> Any:
    draft = actions.save_reply(
        personas.unit_clerk,
        fresh(proposal),
        reply_version=None,
        unit=unit,
        grade=Grade.objects.get(session=proposal.session, code="A"),
        situation="已与企业座谈。",
        measures="稳岗返还比例提至90%。",
        plan="年内再开展两场招聘会。",
        disclosure="publish",
        commitments=(),
        letter=letter(),
    )
    signed = actions.sign_reply(personas.unit_head, draft, version=draft.version)
    return actions.submit_reply(personas.unit_clerk, signed, version=signed.version)
