"""The inbox groups messages by proposal: the group with the newest message first, headed by
the proposal's number and title."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from tian.notifications.actions import notify
from tian.proposals.models import Proposal, Status

pytestmark = pytest.mark.django_db


def proposal(personas: Any, session: Any, number: int, title: str) -> Proposal:
    return Proposal.objects.create(
        session=session,
        number=number,
        title=title,
        lead_proposer=personas.member.proposer,
        status=Status.HANDLING,
    )


def at(day: int, user: Any, title: str, about: Proposal | None = None) -> None:
    with time_machine.travel(datetime(2022, 5, day, 9, 0), tick=False):
        notify([user], kind="a", title=title, proposal=about)


def test_messages_about_one_proposal_stand_together_newest_group_first(
    client: Any, personas: Any, session: Any
) -> None:
    jobs = proposal(personas, session, 12, "关于缓解企业用工难的建议")
    parks = proposal(personas, session, 30, "关于增加社区停车位的建议")
    member = personas.member
    at(1, member, "第12号已交办", jobs)
    at(2, member, "第30号已交办", parks)
    at(3, member, "系统维护通知")
    at(4, member, "第12号已答复", jobs)
    client.force_login(member)
    page = client.get(reverse("inbox")).content.decode()
    headings = re.findall(r'class="inbox-heading"><a href="[^"]+">([^<]+)</a>', page)
    assert headings == ["第12号 关于缓解企业用工难的建议", "第30号 关于增加社区停车位的建议"]
    # A message about no proposal stands alone, by its own time: after 第12号, before 第30号.
    newest_first = ("第12号已答复", "第12号已交办", "系统维护通知", "第30号已交办")
    order = [page.index(title) for title in newest_first]
    assert order == sorted(order)
