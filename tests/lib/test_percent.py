"""Percentages: one decimal, and shares of a whole add up to exactly 100.0."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from tian.lib.percent import percent, shares


def test_the_seeds_grade_split_is_77_2_and_22_8():
    assert shares([122, 36]) == ["77.2", "22.8"]


def test_a_four_grade_split_of_588_rounds_to_a_whole():
    assert shares([148, 364, 66, 10]) == ["25.2", "61.9", "11.2", "1.7"]


def test_thirds_still_add_up_to_one_hundred():
    assert shares([1, 1, 1]) == ["33.4", "33.3", "33.3"]


def test_a_single_rate_rounds_half_up_and_nothing_is_zero():
    assert percent(158, 158) == "100.0"
    assert percent(1, 8) == "12.5"
    assert percent(0, 0) == "0.0"


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=8))
def test_shares_always_sum_to_exactly_one_hundred(counts):
    result = shares(counts)
    if sum(counts) == 0:
        assert set(result) == {"0.0"}
    else:
        assert sum(Decimal(s) for s in result) == Decimal("100.0")
        for count, share in zip(counts, result, strict=True):
            exact = Decimal(count * 100) / Decimal(sum(counts))
            assert abs(Decimal(share) - exact) < Decimal("0.1")
