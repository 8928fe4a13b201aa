"""Each measure counted right for each unit of the hand-made session (see conftest)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.evaluation.conftest import row_for, score_for
from tian.evaluation.scoring import evaluate

pytestmark = pytest.mark.django_db


def test_on_time_counts_late_and_missing_replies_but_not_those_not_yet_due(scenario):
    row = row_for(evaluate(scenario.session), scenario.lead)
    assert score_for(row, "on_time").points == Decimal("12.5")  # 2 of 4, of 25


def test_an_approved_extension_moves_the_deadline(scenario):
    # 第5号 replied 7月15日, after the original 6月1日 but before the extension to 8月1日.
    row = row_for(evaluate(scenario.session), scenario.lead)
    assert "按时答复 2/4 件" in score_for(row, "on_time").explanation


def test_contact_rate_counts_only_face_to_face_contacts_by_the_unit_itself(scenario):
    row = row_for(evaluate(scenario.session), scenario.lead)
    assert score_for(row, "contact").points == Decimal("5.0")  # 1 of 3, of 15


def test_quality_averages_the_office_ratings(scenario):
    row = row_for(evaluate(scenario.session), scenario.lead)
    assert score_for(row, "quality").points == Decimal("18.5")  # (100 + 85) / 2, of 20


def test_satisfaction_counts_satisfied_and_basically_satisfied_verdicts(scenario):
    row = row_for(evaluate(scenario.session), scenario.lead)
    assert score_for(row, "satisfaction").points == Decimal("13.3")  # 2 of 3, of 20


def test_commitments_count_due_or_done_items_and_skip_cancelled_ones(scenario):
    row = row_for(evaluate(scenario.session), scenario.lead)
    assert score_for(row, "commitments").points == Decimal("13.3")  # 2 of 3, of 20


def test_total_adds_the_scores_when_every_criterion_applies(scenario):
    row = row_for(evaluate(scenario.session), scenario.lead)
    assert row.total == Decimal("62.6")


def test_a_criterion_without_records_does_not_apply_and_the_total_is_scaled(scenario):
    row = row_for(evaluate(scenario.session), scenario.other)
    assert score_for(row, "quality").points is None
    assert row.total == Decimal("100.0")  # 60 of the 60 points that apply


def test_a_co_unit_commitment_counts_for_the_co_unit(scenario):
    row = row_for(evaluate(scenario.session), scenario.other)
    assert score_for(row, "commitments").points == Decimal("20.0")


def test_units_that_only_co_handle_are_not_ranked(scenario):
    units = [row.unit for row in evaluate(scenario.session).rows]
    assert scenario.co_only not in units
