"""The time progress bar (时间进度条): commitments placed on a shared time axis.

Pure arithmetic over dates; the template only draws what this computes (left and width as
percentages of the axis), so the bars scale with the screen and need no script.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

# Today is drawn on the axis when it lies within this many days of the commitments' span;
# further away (a 2022 plan seen in 2026) it would squash every bar into a sliver.
TODAY_REACH_DAYS = 366


@dataclass(frozen=True)
class Tick:
    left: str
    label: str
    major: bool
    # Near the right end the label goes left of its line, or it would run off the axis.
    edge: bool = False
    # Which labels give way first where the axis is narrow (tian.js): 2 (a month) before 1
    # (a quarter) before 0 (the axis's start and each new year, which carry the year).
    rank: int = 2


@dataclass(frozen=True)
class TimelineRow:
    commitment: Any
    level: int
    left: str
    width: str
    progress: int
    css: str
    status_text: str
    start: date
    late_left: str = ""
    late_width: str = ""
    last_reported_on: date | None = None


@dataclass
class Timeline:
    start: date
    end: date
    rows: list[TimelineRow] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    today: date | None = None
    today_left: str = ""
    today_outside: str = ""

    def __bool__(self) -> bool:
        return bool(self.rows)


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def _start_of(commitment: Any) -> date:
    start = commitment.start_on
    if start is None:
        created = getattr(commitment, "created_at", None)
        start = created.date() if created else commitment.due_on
    return min(start, commitment.due_on)


def _finished_on(commitment: Any) -> date | None:
    if commitment.status != "done":
        return None
    return getattr(commitment, "last_reported_on", None)


def _pct(value: float) -> str:
    return f"{max(0.0, min(100.0, value)):.2f}"


def _children(commitment: Any) -> list[Any]:
    cache = getattr(commitment, "_prefetched_objects_cache", {})
    if "children" in cache:
        return list(cache["children"])
    return []


def _flatten(commitments: Iterable[Any]) -> list[tuple[Any, int]]:
    flat = []
    for commitment in commitments:
        flat.append((commitment, 0))
        flat.extend((child, 1) for child in _children(commitment))
    return flat


def _ticks(start: date, end: date, span: int) -> list[Tick]:
    months = (end.year - start.year) * 12 + end.month - start.month
    step = 1 if months <= 14 else 3 if months <= 40 else 12
    ticks = []
    day = start
    while day < end:
        if (day.month - 1) % step == 0:
            major = day.month == 1 or day == start
            label = f"{day.year}年{day.month}月" if major else f"{day.month}月"
            left = (day - start).days * 100 / span
            rank = 0 if major else 1 if day.month in (4, 7, 10) else 2
            ticks.append(Tick(_pct(left), label, major, edge=left > 85, rank=rank))
        day = _next_month(day)
    return ticks


def _status(commitment: Any, today: date) -> tuple[str, str]:
    if commitment.status == "cancelled":
        return "cancelled", "已取消"
    if commitment.status == "done":
        finished = _finished_on(commitment)
        if finished and finished > commitment.due_on:
            return "done late", f"已完成(逾期{(finished - commitment.due_on).days}天)"
        return "done", "已完成"
    if commitment.due_on < today:
        return "overdue", f"逾期{(today - commitment.due_on).days}天"
    return "open", f"剩余{(commitment.due_on - today).days}天"


def timeline_rows(commitments: Iterable[Any], today: date) -> Timeline:
    """Rows for the timeline partial: each commitment (and its prefetched sub-steps) as a planned
    bar from start to due with its progress filled in, a red stretch past the due date while it
    is late, month ticks and today's line."""
    flat = _flatten(commitments)
    if not flat:
        return Timeline(start=today, end=today, today=today)
    starts = [_start_of(c) for c, _ in flat]
    ends = [c.due_on for c, _ in flat]
    ends += [f for c, _ in flat if (f := _finished_on(c))]
    low, high = min(starts), max(ends)
    today_on_axis = (
        low - timedelta(days=TODAY_REACH_DAYS) <= today <= high + timedelta(days=TODAY_REACH_DAYS)
    )
    if today_on_axis:
        low, high = min(low, today), max(high, today)
    start, end = _month_start(low), _next_month(high)
    span = (end - start).days

    def at(day: date) -> float:
        return (day - start).days * 100 / span

    timeline = Timeline(start=start, end=end, today=today, ticks=_ticks(start, end, span))
    if today_on_axis:
        timeline.today_left = _pct(at(today))
    else:
        timeline.today_outside = "after" if today > high else "before"
    for (commitment, level), begin in zip(flat, starts, strict=True):
        css, text = _status(commitment, today)
        left = at(begin)
        # A bar is at least a day wide, or a one-day step would vanish.
        width = max(at(commitment.due_on + timedelta(days=1)) - left, 100 / span)
        late_until = _finished_on(commitment) if css == "done late" else None
        if css == "overdue" and today_on_axis:
            late_until = today
        row = TimelineRow(
            commitment=commitment,
            level=level,
            left=_pct(left),
            width=_pct(min(width, 100 - left)),
            progress=commitment.progress,
            css=css,
            status_text=text,
            start=begin,
            last_reported_on=getattr(commitment, "last_reported_on", None),
        )
        if late_until is not None and late_until > commitment.due_on:
            late_left = at(commitment.due_on + timedelta(days=1))
            row = replace(
                row,
                late_left=_pct(late_left),
                late_width=_pct(at(late_until + timedelta(days=1)) - late_left),
            )
        timeline.rows.append(row)
    return timeline
