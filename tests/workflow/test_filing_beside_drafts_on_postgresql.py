"""Filing numbers a proposal while members keep saving drafts: neither waits for the other.

Found by the session-week load benchmark (bench/session_week.py): filing locked the session
row FOR UPDATE to hand out 第N号, and a draft saved meanwhile checks its foreign key to the
session at COMMIT (PostgreSQL's deferred constraints take FOR KEY SHARE there), after it has
taken the audit chain; the filing then waited for the chain — "deadlock detected".
"""

from __future__ import annotations

import os
import threading
from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.test import Client

from tian.proposals.models import Proposal
from tian.workflow import engine
from tian.workflow.intake import submit_proposal

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="PostgreSQL's row locks (DATABASE_URL=postgres://…)",
)


def _draft(client: Client, session: Any, title: str) -> Any:
    category = session.categories.first()
    response = client.post(
        "/proposals/new/", {"title": title, "suggestions": "建议。", "category": category.pk}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return Proposal.objects.get(title=title)


@pytest.mark.django_db(transaction=True)
def test_a_member_saves_a_draft_while_a_clerk_is_filing_another(session: Any, personas: Any):
    member, clerk = Client(), Client()
    member.force_login(personas.member)
    clerk.force_login(personas.clerk)
    first = _draft(member, session, "关于第一件事的建议")
    submit_proposal(personas.member, first, version=first.version)
    first.refresh_from_db()

    # The clerk's filing stops where it would wait for the audit chain, holding its number.
    at_the_chain, go_on = threading.Event(), threading.Event()
    real_record_event = engine.record_event

    def waiting_record_event(*args: Any, **kwargs: Any) -> Any:
        at_the_chain.set()
        go_on.wait(20)
        return real_record_event(*args, **kwargs)

    filed: dict[str, int] = {}

    def file_it() -> None:
        try:
            response = clerk.post(
                f"/proposals/{first.pk}/review/",
                {"decision": "file", "version": first.version, "category": first.category_id},
            )
            filed["status"] = response.status_code
        finally:
            connection.close()

    with mock.patch.object(engine, "record_event", waiting_record_event):
        filing = threading.Thread(target=file_it)
        filing.start()
        assert at_the_chain.wait(20)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '3s'")
        try:
            second = _draft(member, session, "关于第二件事的建议")
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = 0")
            go_on.set()
            filing.join(30)

    assert filed["status"] == 302
    first.refresh_from_db()
    assert (first.number, first.status) == (1, "filed")
    assert second.status == "draft"
