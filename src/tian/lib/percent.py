"""Percentages shown with one decimal; shares of a whole add up to exactly 100.0."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def percent(part: int, whole: int) -> str:
    """One share as a string with one decimal ("77.2"); "0.0" when there is no whole."""
    if whole == 0:
        return "0.0"
    value = Decimal(part * 100) / Decimal(whole)
    return str(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def shares(counts: list[int]) -> list[str]:
    """Shares of a whole at one decimal, by largest remainder, so they sum to exactly 100.0."""
    total = sum(counts)
    if total == 0:
        return ["0.0" for _ in counts]
    tenths = [count * 1000 for count in counts]  # in units of 0.1 %, times total
    floors = [t // total for t in tenths]
    remainders = [t % total for t in tenths]
    missing = 1000 - sum(floors)
    order = sorted(range(len(counts)), key=lambda i: (-remainders[i], i))
    for i in order[:missing]:
        floors[i] += 1
    return [f"{f // 10}.{f % 10}" for f in floors]
