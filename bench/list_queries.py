"""Worklists, list pages and the proposal page: queries per page must not grow with the
number of proposals, and pages stay fast at 10^5 proposals.

Builds one session at growing sizes (with assignments and replies, so handling worklists
have rows), renders each page as the person who uses it, counts queries and times the
render (median of several runs).
"""

from __future__ import annotations

import os
import statistics
import time
from datetime import date, timedelta
from typing import Any

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

SIZES = tuple(int(n) for n in os.environ.get("TIAN_BENCH_SIZES", "200,5000,100000").split(","))
RUNS = 7
PAGES = {
    "clerk": ["/work/", "/proposals/?session=bench-list", "/proposals/?session=bench-list&q=民生"],
    "office": ["/work/"],
    "unit": ["/work/"],
    "member": ["/work/"],
}


def _build(size: int, slug: str = "bench-list") -> dict[str, Any]:
    from tian.directory.models import Body, Member, Role, RoleAssignment, Session, Term, Unit, User
    from tian.handling.models import Assignment, Reply
    from tian.proposals.models import Category, CoSignature, Proposal, Status

    with transaction.atomic():
        body, _ = Body.objects.get_or_create(name="基准政协")
        term, _ = Term.objects.get_or_create(body=body, name="第一届")
        session, _ = Session.objects.get_or_create(
            slug=slug,
            defaults={"body": body, "term": term, "name": f"一届一次会议({slug})", "year": 2030},
        )
        categories = [
            Category.objects.get_or_create(session=session, name=name, order=i)[0]
            for i, name in enumerate(["经济发展类", "城乡建设管理类", "社会事业类"])
        ]
        members = [
            Member.objects.get_or_create(body=body, name=f"委员{i:03d}")[0] for i in range(300)
        ]
        units = [Unit.objects.get_or_create(name=f"区基准局{i:02d}")[0] for i in range(40)]
        have = Proposal.objects.filter(session=session).count()
        statuses = [Status.SUBMITTED, Status.FILED, Status.ASSIGNED, Status.HANDLING, Status.CLOSED]
        new = [
            Proposal(
                session=session,
                number=n,
                title=f"关于第{n}项民生事项的建议",
                category=categories[n % 3],
                lead_proposer=members[n % 300],
                status=statuses[n % 5],
                suggestions="建议",
            )
            for n in range(have + 1, size + 1)
        ]
        Proposal.objects.bulk_create(new, batch_size=2000)
        created = list(
            Proposal.objects.filter(session=session, number__gt=have).values_list(
                "pk", "number", "status"
            )
        )
        start = date.today() - timedelta(days=80)
        CoSignature.objects.bulk_create(
            [
                CoSignature(proposal_id=pk, proposer=members[(n + 1) % 300], status="confirmed")
                for pk, n, _ in created
            ],
            batch_size=2000,
        )
        handled = [
            (pk, n, s)
            for pk, n, s in created
            if s in (Status.ASSIGNED, Status.HANDLING, Status.CLOSED)
        ]
        Assignment.objects.bulk_create(
            [
                Assignment(
                    proposal_id=pk,
                    unit=units[n % 40],
                    role="lead",
                    assigned_on=start - timedelta(days=n % 30),
                    deadline_from=start - timedelta(days=n % 30),
                )
                for pk, n, _ in handled
            ],
            batch_size=2000,
        )
        Reply.objects.bulk_create(
            [
                Reply(proposal_id=pk, unit=units[n % 40], status=Reply.Status.ACCEPTED)
                for pk, n, s in handled
                if s == Status.CLOSED
            ],
            batch_size=2000,
        )
        users = {}
        for name, role, unit in [
            ("bench-clerk", Role.CPPCC_STAFF, None),
            ("bench-office", Role.GOV_OFFICE, None),
            ("bench-unit", Role.UNIT_STAFF, units[0]),
        ]:
            user, made = User.objects.get_or_create(username=name)
            if made:
                RoleAssignment.objects.create(user=user, role=role, unit=unit)
            users[name.removeprefix("bench-")] = user
        member, made = User.objects.get_or_create(username="bench-member", proposer=members[1])
        if made:
            RoleAssignment.objects.create(user=member, role=Role.MEMBER)
        users["member"] = member
        sample = (
            Proposal.objects.filter(session=session, status=Status.HANDLING).order_by("pk").first()
        )
    return {"users": users, "detail": f"/proposals/{sample.pk}/"}


def _measure(client: Client, url: str) -> tuple[int, float]:
    client.get(url)  # warm up
    timings, queries = [], 0
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured.captured_queries)
    return queries, statistics.median(timings)


def run() -> list[dict[str, Any]]:
    results = []
    for size in SIZES:
        built_at = time.perf_counter()
        world = _build(size)
        build_s = time.perf_counter() - built_at
        for who, urls in PAGES.items():
            client = Client()
            client.force_login(world["users"][who])
            for url in urls + ([world["detail"]] if who == "clerk" else []):
                queries, median = _measure(client, url)
                page = url.replace(world["detail"], "/proposals/<pk>/")
                results.append(
                    {
                        "name": f"page {who} {page}",
                        "proposals": size,
                        "queries": queries,
                        "median_ms": round(median * 1000, 1),
                        "runs": RUNS,
                    }
                )
        results.append({"name": "build_session", "proposals": size, "seconds": round(build_s, 1)})
    by_page: dict[str, set[int]] = {}
    for item in results:
        if "queries" in item:
            by_page.setdefault(item["name"], set()).add(item["queries"])
    for name, counts in by_page.items():
        results.append({"name": f"{name} queries constant", "value": len(counts) == 1})
    return results
