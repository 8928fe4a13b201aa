"""List pages and worklists issue the same number of queries whatever the number of rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tian.handling.models import Assignment
from tian.proposals.models import Category, CoSignature, Proposal, Status
from tian.proposals.queries import WORKLIST_LIMIT

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
        Assignment.objects.create(proposal=proposal, unit=unit)


def count_queries(client, user, url: str) -> int:
    client.force_login(user)
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
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
