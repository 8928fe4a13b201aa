"""List pages and worklists: queries per page must not grow with the number of proposals.

Builds a session at two sizes, renders each page as the clerk, counts queries and times
the render (median of several runs).
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

SIZES = (200, 5000)
RUNS = 7
PAGES = {
    "worklist": "/work/",
    "proposal_list": "/proposals/?session=bench-list",
    "proposal_list_filtered": "/proposals/?session=bench-list&q=建议",
}


def _build(size: int) -> Any:
    from tian.directory.models import Body, Member, Role, RoleAssignment, Session, Term, User
    from tian.proposals.models import Category, CoSignature, Proposal, Status

    with transaction.atomic():
        body, _ = Body.objects.get_or_create(name="基准政协")
        term, _ = Term.objects.get_or_create(body=body, name="第一届")
        session, _ = Session.objects.get_or_create(
            slug="bench-list",
            defaults={"body": body, "term": term, "name": "一届一次会议", "year": 2030},
        )
        categories = [
            Category.objects.get_or_create(session=session, name=name, order=i)[0]
            for i, name in enumerate(["经济发展类", "城乡建设管理类", "社会事业类"])
        ]
        members = [
            Member.objects.get_or_create(body=body, name=f"委员{i:03d}")[0] for i in range(300)
        ]
        have = Proposal.objects.filter(session=session).count()
        statuses = [Status.SUBMITTED, Status.FILED, Status.CLOSED]
        new = [
            Proposal(
                session=session,
                number=n,
                title=f"关于第{n}项民生事项的建议",
                category=categories[n % 3],
                lead_proposer=members[n % 300],
                status=statuses[n % 3],
                suggestions="建议",
            )
            for n in range(have + 1, size + 1)
        ]
        Proposal.objects.bulk_create(new, batch_size=1000)
        CoSignature.objects.bulk_create(
            [
                CoSignature(proposal=p, proposer=members[(p.number + 1) % 300], status="confirmed")
                for p in Proposal.objects.filter(session=session, number__gt=have)
            ],
            batch_size=1000,
        )
        clerk, created = User.objects.get_or_create(username="bench-clerk")
        if created:
            RoleAssignment.objects.create(user=clerk, role=Role.CPPCC_STAFF)
    return clerk


def run() -> list[dict[str, Any]]:
    results = []
    for size in SIZES:
        clerk = _build(size)
        client = Client()
        client.force_login(clerk)
        for page, url in PAGES.items():
            client.get(url)  # warm up
            timings, queries = [], 0
            for _ in range(RUNS):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get(url)
                    timings.append(time.perf_counter() - started)
                assert response.status_code == 200, (url, response.status_code)
                queries = len(captured.captured_queries)
            results.append(
                {
                    "name": f"page_{page}",
                    "proposals": size,
                    "queries": queries,
                    "median_ms": round(statistics.median(timings) * 1000, 1),
                    "runs": RUNS,
                }
            )
    by_page: dict[str, list[int]] = {}
    for item in results:
        by_page.setdefault(item["name"], []).append(item["queries"])
    for name, counts in by_page.items():
        results.append({"name": f"{name}_queries_constant", "value": len(set(counts)) == 1})
    return results
