"""A contact's date falls between the day the unit was assigned the proposal and today
(Asia/Shanghai): 0001-01-01 cannot become the 'first contact', neither by the form nor by
the action behind it."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.handling.test_handling_flow import ASSIGNED_ON, assign
from tian.handling import actions
from tian.handling.models import Contact
from tian.lib.errors import ActionError

pytestmark = pytest.mark.django_db

# 00:30 on 2 March in Shanghai is still 1 March in UTC: "today" is Shanghai's.
SHANGHAI_MORNING = datetime(2022, 3, 2, 0, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def assigned(personas, filed, unit):
    return assign(personas, filed, unit)


def _post(personas, proposal, day: str):
    client = Client()
    client.force_login(personas.unit_clerk)
    return client.post(
        reverse("proposal-contact", args=[proposal.pk]),
        {"method": "phone", "stage": "before", "contacted_on": day, "summary": "电话听取意见"},
    )


def test_a_contact_dated_year_one_is_refused_with_a_reason(personas, assigned):
    with time_machine.travel(date(2022, 3, 10)):
        response = _post(personas, assigned, "0001-01-01")
    assert response.status_code == 200
    assert "沟通日期不能早于交办日期(2022年3月1日)" in response.content.decode()
    assert not Contact.objects.exists()


def test_a_contact_dated_tomorrow_is_refused(personas, assigned):
    with time_machine.travel(date(2022, 3, 10)):
        response = _post(personas, assigned, "2022-03-11")
    assert "沟通日期不能晚于今天" in response.content.decode()
    assert not Contact.objects.exists()


def test_a_contact_on_the_day_of_assignment_and_one_today_in_shanghai_are_recorded(
    personas, assigned
):
    with time_machine.travel(SHANGHAI_MORNING, tick=False):
        assert _post(personas, assigned, ASSIGNED_ON.isoformat()).status_code == 302
        assert _post(personas, assigned, "2022-03-02").status_code == 302
    assert sorted(Contact.objects.values_list("contacted_on", flat=True)) == [
        ASSIGNED_ON,
        date(2022, 3, 2),
    ]


def test_the_action_refuses_a_date_before_the_assignment_too(personas, assigned, unit):
    with time_machine.travel(date(2022, 3, 10)), pytest.raises(ActionError, match="交办日期"):
        actions.log_contact(
            personas.unit_clerk,
            assigned,
            unit=unit,
            method="phone",
            stage="before",
            contacted_on=date(1, 1, 1),
            summary="电话听取意见",
        )
