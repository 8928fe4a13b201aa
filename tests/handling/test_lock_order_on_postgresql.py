"""Two office clerks decide the same submitted reply at the same moment, one accepting and
one returning it: on PostgreSQL one wins and the other is told, never a deadlock.

Both actions lock the proposal first and then its reply (the order documented in
`tian.handling.actions`). A barrier holds each thread after its first lock until the other
has taken its own, so that two actions locking in opposite orders would deadlock every time.
"""

from __future__ import annotations

import contextlib
import threading
from datetime import date
from typing import Any

import pytest
from django.db import connection

from tests.handling.test_handling_flow import assign, draft_reply, fresh
from tian.handling import actions
from tian.handling.models import Reply
from tian.lib.errors import ConflictError
from tian.proposals.models import Status
from tian.workflow import engine as workflow

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks and deadlocks need PostgreSQL (set DATABASE_URL); SQLite locks the file",
    ),
]


def submitted_reply(personas: Any, filed: Any, unit: Any) -> Reply:
    proposal = assign(personas, filed, unit)
    actions.accept_assignment(personas.unit_clerk, fresh(proposal), version=fresh(proposal).version)
    actions.log_contact(
        personas.unit_clerk,
        proposal,
        unit=unit,
        method="phone",
        stage="before",
        contacted_on=date.today(),
        summary="电话听取意见",
    )
    reply = draft_reply(personas.unit_clerk, proposal, unit)
    reply = actions.sign_reply(personas.unit_head, reply, version=reply.version)
    return actions.submit_reply(personas.unit_clerk, reply, version=reply.version)


@pytest.fixture
def collide(monkeypatch: pytest.MonkeyPatch) -> threading.Barrier:
    """After each thread's first row lock, wait (briefly) for the other thread's."""
    barrier = threading.Barrier(2, timeout=2)
    state = threading.local()

    def holding(lock: Any) -> Any:
        def locked(*args: Any, **kwargs: Any) -> Any:
            row = lock(*args, **kwargs)
            if not getattr(state, "waited", False):
                state.waited = True
                # Broken: the other thread is queued behind our lock, the right order.
                with contextlib.suppress(threading.BrokenBarrierError):
                    barrier.wait()
            return row

        return locked

    monkeypatch.setattr(actions, "lock_proposal", holding(actions.lock_proposal))
    monkeypatch.setattr(actions, "_lock_reply", holding(actions._lock_reply))
    monkeypatch.setattr(workflow, "lock_proposal", holding(workflow.lock_proposal))
    return barrier


def test_accepting_and_returning_the_same_reply_at_once_gives_one_winner_and_one_conflict(
    personas, filed, unit, collide
):
    reply = submitted_reply(personas, filed, unit)
    seen = reply.version
    outcomes: dict[str, Any] = {}

    def run(name: str, action: Any) -> None:
        try:
            outcomes[name] = action()
        except Exception as error:  # reported below, whatever it is
            outcomes[name] = error
        finally:
            connection.close()

    accept = threading.Thread(
        target=run,
        args=(
            "accept",
            lambda: actions.review_reply(personas.office, reply, version=seen, accept=True),
        ),
    )
    give_back = threading.Thread(
        target=run,
        args=(
            "return",
            lambda: actions.review_reply(
                personas.office, reply, version=seen, accept=False, comment="请补充资金来源。"
            ),
        ),
    )
    accept.start()
    give_back.start()
    accept.join(timeout=30)
    give_back.join(timeout=30)

    errors = [o for o in outcomes.values() if isinstance(o, Exception)]
    wins = [o for o in outcomes.values() if isinstance(o, Reply)]
    assert len(wins) == 1 and len(errors) == 1, outcomes
    assert isinstance(errors[0], ConflictError), repr(errors[0])
    assert "已被他人修改或处理" in errors[0].message
    reply.refresh_from_db()
    winner = "accept" if isinstance(outcomes["accept"], Reply) else "return"
    expected = {"accept": Reply.Status.ACCEPTED, "return": Reply.Status.RETURNED}[winner]
    assert reply.status == expected
    assert fresh(reply.proposal).status == (
        Status.REPLIED if winner == "accept" else Status.HANDLING
    )
