"""The ranking: highest total first, equal totals share a rank."""

from __future__ import annotations

from datetime import date

import pytest

from tests.evaluation.conftest import make_proposal
from tian.directory.models import Member, Unit
from tian.evaluation.scoring import evaluate

pytestmark = pytest.mark.django_db


def test_equal_totals_share_a_rank_and_the_next_rank_is_skipped(personas, session, today):
    proposer = Member.objects.get(name="王晓明")
    names = {"甲局": date(2022, 5, 1), "乙局": date(2022, 5, 2), "丙局": date(2022, 7, 1)}
    for number, (name, replied_on) in enumerate(names.items(), start=1):
        unit = Unit.objects.create(name=name)
        make_proposal(session, number, unit, proposer=proposer, replied_on=replied_on)
    ranks = [(row.unit.name, row.rank) for row in evaluate(session).rows]
    assert ranks == [("乙局", 1), ("甲局", 1), ("丙局", 3)]


def test_a_unit_with_nothing_to_score_yet_is_listed_last_without_a_rank(personas, session, today):
    proposer = Member.objects.get(name="王晓明")
    early = Unit.objects.create(name="甲局")
    fresh = Unit.objects.create(name="乙局")
    make_proposal(session, 1, early, proposer=proposer, replied_on=date(2022, 5, 1))
    make_proposal(session, 2, fresh, proposer=proposer, assigned_on=date(2022, 12, 1))
    rows = [(row.unit, row.rank) for row in evaluate(session).rows]
    assert rows == [(early, 1), (fresh, None)]
