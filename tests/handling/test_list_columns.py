"""The proposal list shows handling's columns: 承办单位 (the lead unit's short name and how many
co-units) and 答复期限 (computed from the assignment and any extension, never stored), with an
overdue reply marked in words, not by colour alone."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from tian.directory.models import Unit
from tian.handling.models import Assignment, Extension
from tian.proposals.models import Proposal, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(session, personas):
    def make(number: int, status: str = Status.HANDLING) -> Proposal:
        return Proposal.objects.create(
            session=session,
            number=number,
            title=f"关于第{number}项工作的建议",
            lead_proposer=personas.member.proposer,
            status=status,
        )

    return make


def assign(proposal: Proposal, unit: Unit, role: str = "lead", on: date = date(2022, 3, 1)):
    return Assignment.objects.create(
        proposal=proposal, unit=unit, role=role, assigned_on=on, deadline_from=on
    )


def row(page: str, number: int) -> str:
    start = page.index(f">第{number}号</td>")
    return page[start : page.index("</tr>", start)]


def cell(page: str, number: int, label: str) -> str:
    found = re.search(rf'<td data-label="{label}"[^>]*>(.*?)</td>', row(page, number), re.S)
    assert found, f"no {label} cell in row {number}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip()


def list_page(client, user, session) -> str:
    client.force_login(user)
    return client.get(reverse("proposal-list"), {"session": session.slug}).content.decode()


@time_machine.travel("2022-05-10 10:00 +0800")
def test_the_unit_column_names_the_lead_units_short_name_and_counts_the_co_units(
    client, filed, personas, session, unit, other_unit
):
    third = Unit.objects.create(name="区教育局", short_name="教育局")
    with_co = filed(1)
    assign(with_co, unit)
    assign(with_co, other_unit, "co")
    assign(with_co, third, "co")
    alone = filed(2)
    assign(alone, other_unit)
    filed(3, Status.FILED)

    page = list_page(client, personas.office, session)

    assert cell(page, 1, "承办单位") == "人社局 协办 2 家"
    assert "协办单位:商务局、教育局" in row(page, 1)
    assert cell(page, 2, "承办单位") == "商务局"
    assert cell(page, 3, "承办单位") == "—"


@time_machine.travel("2022-05-10 10:00 +0800")
def test_the_due_column_is_three_months_from_assignment_or_the_extended_date(
    client, filed, personas, session, unit
):
    plain = filed(1)
    assign(plain, unit, on=date(2022, 3, 1))
    extended = filed(2)
    assign(extended, unit, on=date(2022, 2, 1))
    Extension.objects.create(proposal=extended, new_due_on=date(2022, 6, 30), reason="需调研")

    page = list_page(client, personas.office, session)

    assert cell(page, 1, "答复期限") == "2022年6月1日"
    assert cell(page, 2, "答复期限") == "2022年6月30日"
    assert "已逾期" not in row(page, 1) + row(page, 2)


@time_machine.travel("2022-07-10 10:00 +0800")
def test_an_overdue_reply_is_marked_in_words_and_a_replied_one_is_not(
    client, filed, personas, session, unit
):
    waiting = filed(1, Status.HANDLING)
    assign(waiting, unit, on=date(2022, 3, 1))
    answered = filed(2, Status.REPLIED)
    assign(answered, unit, on=date(2022, 3, 1))

    page = list_page(client, personas.office, session)

    assert cell(page, 1, "答复期限") == "2022年6月1日 已逾期"
    assert 'class="overdue"' in row(page, 1)
    assert cell(page, 2, "答复期限") == "2022年6月1日"
    assert "overdue" not in row(page, 2)


@time_machine.travel("2022-05-10 10:00 +0800")
def test_a_unit_sees_the_columns_of_its_own_proposals(client, filed, personas, session, unit):
    proposal = filed(1)
    assign(proposal, unit, on=date(2022, 3, 1))

    page = list_page(client, personas.unit_clerk, session)

    assert cell(page, 1, "承办单位") == "人社局"
    assert cell(page, 1, "答复期限") == "2022年6月1日"
