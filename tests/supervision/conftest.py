"""Fixtures for key proposals: filed proposals, government and CPPCC leaders with accounts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from tests.conftest import make_user
from tian.directory.models import Leader, Role
from tian.proposals.models import Proposal, Status
from tian.supervision.key import actions
from tian.supervision.models import Commitment, KeyProposal

MakeFiled = Callable[..., Proposal]


@pytest.fixture
def make_filed(personas: Any, session: Any) -> MakeFiled:
    """A filed proposal of the member's, numbered in turn (or as asked)."""
    numbers = iter(range(1, 1000))

    def make(title: str = "关于深化网格化服务管理的建议", *, status: str = Status.FILED, **kw: Any):
        return Proposal.objects.create(
            session=session,
            title=title,
            lead_proposer=personas.member.proposer,
            status=status,
            number=kw.pop("number", None) or (next(numbers) if status != Status.DRAFT else None),
            **kw,
        )

    return make


@pytest.fixture
def chair(db: Any) -> Any:
    """The CPPCC chair (政协主席), who supervises (督办), with an account."""
    leader = Leader.objects.create(name="孙志刚", title="政协主席", organisation="cppcc")
    return make_user("chair", Role.LEADER, leader=leader, display_name="孙志刚")


@pytest.fixture
def vice_chair(db: Any) -> Any:
    leader = Leader.objects.create(name="周丽", title="政协副主席", organisation="cppcc")
    return make_user("vicechair", Role.LEADER, leader=leader, display_name="周丽")


@pytest.fixture
def other_head(db: Any) -> Any:
    """Another district head (副区长) who leads other key proposals."""
    leader = Leader.objects.create(name="钱建华", title="副区长", organisation="gov")
    return make_user("otherhead", Role.LEADER, leader=leader, display_name="钱建华")


@pytest.fixture
def select(personas: Any) -> Callable[..., KeyProposal]:
    """Select a proposal as key, by the clerk, led by `lead` and supervised by `supervisors`."""

    def run(proposal: Proposal, lead: Any, *supervisors: Any) -> KeyProposal:
        return actions.select_key_proposal(
            personas.clerk,
            proposal,
            reason="群众关注度高,涉及面广。",
            lead_leader=lead.leader,
            supervisors=[s.leader for s in supervisors],
        )

    return run


def commit(proposal: Proposal, unit: Any, progress: int, **kw: Any) -> Commitment:
    return Commitment.objects.create(
        proposal=proposal,
        responsible_unit=unit,
        description=kw.pop("description", f"措施 {progress}%"),
        due_on=kw.pop("due_on", date(2099, 12, 31)),
        progress=progress,
        **kw,
    )
