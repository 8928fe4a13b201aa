"""The time progress bar: bars placed by date on a shared axis, late stretches in red."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace

from tian.supervision.commitments.timeline import timeline_rows


def item(start, due, progress=0, status="open", last=None, children=()):
    c = SimpleNamespace(
        pk=id(start),
        description="措施",
        start_on=start,
        due_on=due,
        progress=progress,
        status=status,
        last_reported_on=last,
        created_at=datetime(2022, 1, 1),
    )
    c._prefetched_objects_cache = {"children": list(children)}
    return c


def test_bars_are_placed_by_their_dates_on_a_month_axis():
    # Axis: 2022-01-01 .. 2022-05-01 = 120 days.
    early = item(date(2022, 1, 1), date(2022, 1, 30), progress=100, status="done")
    late = item(date(2022, 3, 2), date(2022, 4, 30), progress=25)
    timeline = timeline_rows([early, late], today=date(2022, 2, 15))
    first, second = timeline.rows
    assert (timeline.start, timeline.end) == (date(2022, 1, 1), date(2022, 5, 1))
    assert (first.left, first.width, first.css) == ("0.00", "25.00", "done")
    assert (second.left, second.width, second.css) == ("50.00", "50.00", "open")
    assert second.progress == 25
    assert timeline.today_left == f"{45 * 100 / 120:.2f}"
    assert [t.label for t in timeline.ticks] == ["2022年1月", "2月", "3月", "4月"]
    assert [t.left for t in timeline.ticks] == ["0.00", "25.83", "49.17", "75.00"]


def test_an_open_commitment_past_its_due_date_is_red_up_to_today():
    row = timeline_rows([item(date(2022, 1, 1), date(2022, 1, 30))], today=date(2022, 3, 1))
    only = row.rows[0]
    assert only.css == "overdue"
    assert only.status_text == "逾期30天"
    # Axis 2022-01-01 .. 2022-04-01 (90 days); late from Jan 31 through Mar 1.
    assert (only.late_left, only.late_width) == ("33.33", "33.33")


def test_a_commitment_done_late_shows_how_late():
    done = item(date(2022, 1, 1), date(2022, 1, 30), 100, "done", last=date(2022, 2, 9))
    row = timeline_rows([done], today=date(2022, 3, 1)).rows[0]
    assert (row.css, row.status_text) == ("done late", "已完成(逾期10天)")
    assert row.late_width


def test_sub_steps_follow_their_parent_indented():
    step = item(date(2022, 2, 1), date(2022, 2, 28))
    parent = item(date(2022, 1, 1), date(2022, 3, 31), children=[step])
    rows = timeline_rows([parent], today=date(2022, 2, 1)).rows
    assert [r.level for r in rows] == [0, 1]


def test_today_far_from_the_plan_stays_off_the_axis():
    timeline = timeline_rows([item(date(2022, 1, 1), date(2022, 6, 30))], today=date(2026, 11, 27))
    assert timeline.today_left == ""
    assert timeline.today_outside == "after"
    assert timeline.end == date(2022, 7, 1)


def test_no_commitments_make_an_empty_timeline():
    assert not timeline_rows([], today=date(2022, 1, 1))


def test_month_labels_rank_the_start_and_the_years_first_then_the_quarters():
    timeline = timeline_rows([item(date(2022, 11, 1), date(2023, 5, 31))], today=date(2022, 12, 1))
    ranks = {t.label: t.rank for t in timeline.ticks}
    assert ranks == {
        "2022年11月": 0,
        "12月": 2,
        "2023年1月": 0,
        "2月": 2,
        "3月": 2,
        "4月": 1,
        "5月": 2,
    }
