"""Every score says how it was reached."""

from __future__ import annotations

import pytest

from tests.evaluation.conftest import row_for, score_for
from tian.evaluation.scoring import evaluate

pytestmark = pytest.mark.django_db


def test_on_time_explanation_gives_counts_rate_points_and_maximum(scenario):
    row = row_for(evaluate(scenario.session), scenario.lead)
    assert score_for(row, "on_time").explanation == (
        "按时答复 2/4 件(逾期答复 1 件、逾期未答复 1 件),50.0%,得 12.5 分(满分25)"
    )


def test_quality_explanation_lists_the_ratings(scenario):
    row = row_for(evaluate(scenario.session), scenario.lead)
    assert score_for(row, "quality").explanation == (
        "评审答复 2 件(优1、良1),平均 92.5 分,得 18.5 分(满分20)"
    )


def test_a_criterion_that_does_not_apply_says_why(scenario):
    row = row_for(evaluate(scenario.session), scenario.other)
    assert score_for(row, "satisfaction").explanation == (
        "尚未收到提案者的征询意见;总分按其余指标折算"
    )


def test_the_total_shows_its_sum(scenario):
    row = row_for(evaluate(scenario.session), scenario.lead)
    assert row.explanation == "12.5 + 5.0 + 18.5 + 13.3 + 13.3 = 62.6 分"


def test_a_scaled_total_shows_the_scaling(scenario):
    row = row_for(evaluate(scenario.session), scenario.other)
    assert "折合百分制 60.0 ÷ 60 × 100 = 100.0 分" in row.explanation
