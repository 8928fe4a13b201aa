"""List pages and worklists issue the same number of queries whatever the number of rows,
the list's 承办单位 and 答复期限 columns included."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tian.directory.models import Unit
from tian.handling.models import Assignment, Extension
from tian.proposals.models import Category, CoSignature, Proposal, Status
from tian.proposals.queries import WORKLIST_LIMIT
from tian.proposals.views import PAGE_SIZE

pytestmark = pytest.mark.django_db

PAGES = ["/work/", "/proposals/?session=test-2022", "/proposals/?session=test-2022&q=建议"]


def add_proposals(session, personas, unit, start: int, count: int) -> None:
    category = Category.objects.filter(session=session).first()
    statuses = [Status.SUBMITTED, Status.FILED, Status.ASSIGNED]
    for n in range(start, start + count):
        proposal = Proposal.objects.create(
            session=session,
            number=n,
            title=f"关于第{n}件事的建议",
            category=category,
            lead_proposer=personas.member.proposer,
            status=statuses[n % 3],
        )
        CoSignature.objects.create(
            proposal=proposal, proposer=personas.cosigner.proposer, status="confirmed"
        )
        assigned = date(2022, 3, 1)
        Assignment.objects.create(
            proposal=proposal, unit=unit, assigned_on=assigned, deadline_from=assigned
        )
        co_unit = Unit.objects.get(name="区财政局")
        Assignment.objects.create(proposal=proposal, unit=co_unit, role="co")
        if n % 2:
            Extension.objects.create(proposal=proposal, new_due_on=date(2022, 7, 1), reason="调研")


def count_queries(client, user, url: str) -> int:
    client.force_login(user)
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    if url.startswith("/proposals/") and response.context["page"].object_list:
        page = response.content.decode()
        assert "协办 1 家" in page and "2022年" in page  # the columns are filled
    return len(captured.captured_queries)


@pytest.mark.parametrize("who", ["clerk", "office", "unit_clerk", "member", "cosigner", "leader"])
def test_list_pages_query_count_does_not_grow_with_rows(client, session, personas, unit, who):
    user = getattr(personas, who)
    # Both sizes exceed a worklist section's limit, so each section counts its total.
    add_proposals(session, personas, unit, 1, 3 * WORKLIST_LIMIT + 3)
    few = [count_queries(client, user, url) for url in PAGES]
    add_proposals(session, personas, unit, 3 * WORKLIST_LIMIT + 4, 90)
    many = [count_queries(client, user, url) for url in PAGES]
    assert few == many


@pytest.mark.parametrize("who", ["office", "unit_clerk"])
def test_the_list_with_its_columns_costs_the_same_for_two_rows_as_for_a_full_page(
    client, session, personas, unit, who
):
    user = getattr(personas, who)
    url = "/proposals/?session=test-2022&status=assigned"
    add_proposals(session, personas, unit, 1, 6)  # two of them assigned
    few = count_queries(client, user, url)
    add_proposals(session, personas, unit, 7, 3 * PAGE_SIZE - 6)  # a full page assigned
    many = count_queries(client, user, url)
    listed = client.get(url).context["page"]
    assert len(listed.object_list) == PAGE_SIZE
    assert few == many
