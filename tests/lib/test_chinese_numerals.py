"""Chinese numerals: what ledgers and session names contain, and what headings write."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tian.lib.cn import numeral, parse_numeral


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("五", 5),
        ("十", 10),
        ("十四", 14),
        ("二十", 20),
        ("一百零二", 102),
        ("两千零三", 2003),
        ("一〇二", 102),
        ("〇七", 7),
        ("12", 12),
        ("１２", 12),
    ],
)
def test_it_reads_the_numerals_ledgers_contain(text: str, value: int) -> None:
    assert parse_numeral(text) == value


@pytest.mark.parametrize("text", ["", "第十", "十十", "百千", "五x", "-3"])
def test_it_refuses_what_is_not_a_number(text: str) -> None:
    with pytest.raises(ValueError):
        parse_numeral(text)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "零"),
        (1, "一"),
        (10, "十"),
        (12, "十二"),
        (20, "二十"),
        (99, "九十九"),
        (102, "一百零二"),
        (110, "一百一十"),
        (1010, "一千零一十"),
        (2003, "二千零三"),
    ],
)
def test_it_writes_numerals_as_headings_do(value: int, text: str) -> None:
    assert numeral(value) == text


@given(st.integers(min_value=0, max_value=9999))
def test_what_it_writes_it_reads_back(value: int) -> None:
    assert parse_numeral(numeral(value)) == value
