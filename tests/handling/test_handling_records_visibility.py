"""Contacts with the proposer and co-unit opinions are working records (沟通记录、协办意见):
the handling units and the office read them on the proposal page; nobody else does."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from tian.handling import actions

pytestmark = pytest.mark.django_db

CONTACT = "电话听取意见,企业希望延长稳岗返还期限"
OPINION = "稳岗资金已列入明年预算"


@pytest.fixture
def handled(personas, filed, unit, co_unit, co_clerk):
    with time_machine.travel(date(2022, 3, 1)):
        proposal = actions.assign_proposal(
            personas.office, filed, version=filed.version, lead=unit, co=[co_unit]
        )
    proposal.refresh_from_db()
    actions.log_contact(
        personas.unit_clerk,
        proposal,
        unit=unit,
        method="phone",
        stage="before",
        contacted_on=date.today(),
        summary=CONTACT,
    )
    actions.submit_co_opinion(co_clerk, proposal, unit=co_unit, text=OPINION)
    return proposal


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("unit_clerk", True),
        ("unit_head", True),
        ("co_clerk", True),
        ("office", True),
        ("clerk", False),
        ("member", False),
        ("cosigner", False),
    ],
)
def test_only_the_handling_units_and_the_office_read_the_working_records(
    client, personas, handled, persona, sees
):
    client.force_login(getattr(personas, persona))
    page = client.get(reverse("proposal-detail", args=[handled.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert (CONTACT in html) is sees
    assert (OPINION in html) is sees
