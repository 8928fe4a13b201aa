"""`tian stats --json` prints figures computed from the records."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tian.proposals.models import Category, Proposal, Status

pytestmark = pytest.mark.django_db


def stats(slug: str) -> dict:
    out = StringIO()
    call_command("stats", "--session", slug, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_a_session_with_no_proposals_has_total_zero(session):
    figures = stats(session.slug)
    assert figures["total"] == 0
    assert figures["by_category"] == {name: 0 for name in figures["by_category"]}


def test_only_filed_proposals_count_and_each_lands_in_its_category(session, personas):
    economy, construction = Category.objects.filter(session=session)[:2]
    proposer = personas.member.proposer
    for number, (category, status) in enumerate(
        [
            (economy, Status.FILED),
            (economy, Status.CLOSED),
            (construction, Status.ASSIGNED),
            (construction, Status.REJECTED),
            (economy, Status.DRAFT),
        ],
        start=1,
    ):
        Proposal.objects.create(
            session=session,
            number=number,
            title=f"提案{number}",
            category=category,
            lead_proposer=proposer,
            status=status,
        )
    figures = stats(session.slug)
    assert figures["total"] == 3
    assert figures["by_category"]["经济发展类"] == 2
    assert figures["by_category"]["城乡建设管理类"] == 1


def test_an_unknown_session_is_a_clear_error(db):
    with pytest.raises(CommandError, match="没有代号为“nope”的会议"):
        stats("nope")
