"""导出Excel on the proposal list: the link carries the list's filters and the file holds exactly
the rows the list shows over all its pages, only what the person may read, cells safe, and
the download audited."""

from __future__ import annotations

import io
import re
from datetime import date
from html import unescape
from urllib.parse import urlsplit

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from tests.reports.test_dashboard import build
from tian.audit.events import EventType
from tian.audit.models import AuditEvent
from tian.handling.models import Assignment
from tian.proposals.models import Category, Proposal, Status

pytestmark = pytest.mark.django_db


def export_link(page: str) -> str:
    found = re.search(r'<a class="button small" href="([^"]+)"[^>]*>导出Excel</a>', page)
    assert found, "no 导出Excel link"
    return unescape(found.group(1))


def listed_numbers(client, url: str, params: dict) -> list[int]:
    """The numbers of every row the list shows, page after page."""
    numbers: list[int] = []
    page_number = 1
    while True:
        page = client.get(url, {**params, "page": page_number}).context["page"]
        numbers += [p.number for p in page.object_list]
        if not page.has_next():
            return numbers
        page_number += 1


def sheet_rows(response) -> tuple[list[str], list[tuple]]:
    """The export's header row and its data rows."""
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    return list(rows[0]), rows[1:]


def test_the_export_holds_exactly_the_rows_of_a_drilled_down_search_over_all_pages(
    client, personas, session, unit, other_unit
):
    build(session, personas, unit, other_unit, 260)
    params = {"session": session.slug, "unit": unit.pk, "unit_role": "lead", "q": "事项"}
    client.force_login(personas.office)
    page = client.get(reverse("proposal-list"), params)
    shown = listed_numbers(client, reverse("proposal-list"), params)

    link = export_link(page.content.decode())
    exported = client.get(link)
    headers, rows = sheet_rows(exported)

    assert len(shown) > 50  # more than one page
    assert urlsplit(link).path == reverse("proposal-export")
    assert exported["Content-Type"].startswith("application/vnd.openxmlformats")
    assert headers[:5] == ["编号", "题目", "提案者", "类别", "状态"]
    assert [row[0] for row in rows] == shown


def test_the_export_follows_the_category_and_status_chosen_in_the_form(
    client, personas, session, unit, other_unit
):
    made = build(session, personas, unit, other_unit, 40)
    category = Category.objects.filter(session=session).order_by("order")[1]
    params = {"session": session.slug, "category": category.pk, "status": Status.CLOSED}
    client.force_login(personas.clerk)
    page = client.get(reverse("proposal-list"), params).content.decode()

    _headers, rows = sheet_rows(client.get(export_link(page)))

    expected = sorted(
        p.number for p in made if p.category_id == category.pk and p.status == Status.CLOSED
    )
    assert [row[0] for row in rows] == expected
    assert {row[3] for row in rows} == {category.name}
    assert {row[4] for row in rows} == {"已办结"}


@time_machine.travel("2022-07-10 10:00 +0800")
def test_a_unit_exports_only_its_own_proposals_with_units_and_due_dates(
    client, personas, session, unit, other_unit
):
    ours, theirs = (
        Proposal.objects.create(
            session=session,
            number=n,
            title=f"关于第{n}项工作的建议",
            lead_proposer=personas.member.proposer,
            status=Status.HANDLING,
        )
        for n in (1, 2)
    )
    for proposal, lead in ((ours, unit), (theirs, other_unit)):
        Assignment.objects.create(
            proposal=proposal,
            unit=lead,
            assigned_on=date(2022, 3, 1),
            deadline_from=date(2022, 3, 1),
        )
    Assignment.objects.create(proposal=ours, unit=other_unit, role="co")
    client.force_login(personas.unit_clerk)

    response = client.get(reverse("proposal-export"), {"session": session.slug})
    headers, rows = sheet_rows(response)
    record = dict(zip(headers, rows[0], strict=True))

    assert len(rows) == 1
    assert record["编号"] == 1
    assert record["承办单位"] == unit.name
    assert record["协办单位"] == other_unit.name
    assert record["答复期限"].date() == date(2022, 6, 1)
    assert record["是否逾期"] == "已逾期"


def test_a_title_that_looks_like_a_formula_is_exported_as_text(client, personas, session):
    Proposal.objects.create(
        session=session,
        number=1,
        title='=HYPERLINK("http://example.com","点击")',
        lead_proposer=personas.member.proposer,
        status=Status.FILED,
    )
    client.force_login(personas.clerk)

    response = client.get(reverse("proposal-export"), {"session": session.slug})
    sheet = load_workbook(io.BytesIO(response.content)).active
    title = sheet.cell(row=3, column=2)

    assert title.value == '=HYPERLINK("http://example.com","点击")'
    assert title.data_type == "s"
    assert title.quotePrefix


def test_the_download_is_audited_with_its_filter_and_row_count(
    client, personas, session, unit, other_unit
):
    build(session, personas, unit, other_unit, 12)
    client.force_login(personas.office)

    client.get(reverse("proposal-export"), {"session": session.slug, "status": Status.CLOSED})

    event = AuditEvent.objects.get(event_type=EventType.PROPOSAL_LIST_EXPORTED)
    assert event.actor == personas.office
    assert event.message == f"{session.slug}-list.xlsx"
    assert "status=closed" in event.data["filters"]
    expected = Proposal.objects.filter(session=session, status=Status.CLOSED).count()
    assert event.data["rows"] == expected


def test_a_member_is_offered_no_export_and_is_refused_one(client, personas, session):
    Proposal.objects.create(
        session=session,
        number=1,
        title="关于增设公交站点的建议",
        lead_proposer=personas.member.proposer,
        status=Status.FILED,
    )
    client.force_login(personas.member)

    page = client.get(reverse("proposal-list"), {"session": session.slug}).content.decode()
    refused = client.get(reverse("proposal-export"), {"session": session.slug})

    assert "导出Excel" not in page
    assert refused.status_code == 403
    assert not AuditEvent.objects.filter(event_type=EventType.PROPOSAL_LIST_EXPORTED).exists()


def test_a_bad_filter_parameter_is_a_400_for_the_export_as_for_the_list(client, personas):
    client.force_login(personas.office)
    assert client.get(reverse("proposal-export"), {"unit": "abc"}).status_code == 400
