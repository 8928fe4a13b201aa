"""The database's month arithmetic agrees with the Python rule the deadlines use."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db.models import F

from tian.handling.deadlines import AddMonths, add_months
from tian.handling.models import CalendarDay

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("months", [1, 3, 6, 12])
def test_every_day_of_a_leap_year_and_the_next_lands_where_add_months_says(months):
    first = date(2023, 12, 1)
    days = [first + timedelta(days=i) for i in range(430)]
    CalendarDay.objects.bulk_create(CalendarDay(date=day, is_workday=True) for day in days)
    got = dict(
        CalendarDay.objects.annotate(due=AddMonths(F("date"), months)).values_list("date", "due")
    )
    wrong = {day: got[day] for day in days if got[day] != add_months(day, months)}
    assert wrong == {}
