"""The table costs the same number of queries however many units and proposals it has."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.evaluation.conftest import commitment, contact, make_proposal, review, verdict
from tian.directory.models import Member, Unit
from tian.evaluation.actions import ensure_scheme
from tian.evaluation.scoring import evaluate
from tian.handling.models import Contact, Verdict
from tian.supervision.models import Commitment

pytestmark = pytest.mark.django_db


def _add_units(session, start: int, count: int) -> None:
    proposer = Member.objects.get(name="王晓明")
    for number in range(start, start + count):
        unit = Unit.objects.create(name=f"第{number}局")
        for offset in (0, 100):
            proposal = make_proposal(
                session, number + offset, unit, proposer=proposer, replied_on=date(2022, 5, 1)
            )
            contact(proposal, unit, Contact.Method.VISIT)
            verdict(proposal, Verdict.SATISFIED)
            review(proposal, "good")
            commitment(proposal, unit, date(2022, 9, 1), Commitment.Status.DONE)


def _queries(session) -> int:
    with CaptureQueriesContext(connection) as captured:
        evaluation = evaluate(session)
    assert all(row.total is not None for row in evaluation.rows)
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_units(personas, session, today):
    ensure_scheme(session)
    _add_units(session, 1, 2)
    few = _queries(session)
    _add_units(session, 3, 6)
    assert _queries(session) == few
