"""The worklist (待办) is composed: proposals' intake boxes first, then the boxes that handling
and supervision add through `worklist_sections`; the page shows them by urgency."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.conftest import login, make_user
from tian.directory.models import Leader, Member, Role, RoleAssignment
from tian.proposals.queries import worklist_boxes, worklist_sections

pytestmark = pytest.mark.django_db

EVERY_BOX = [
    "cosign",
    "drafts",
    "mine",
    "review",
    "staff-drafts",
    "to-assign",
    "objections",
    "review-replies",
    "overdue",
    "verdict-overdue",
    "to-accept",
    "overdue-unit",
    "due-soon",
    "handling",
    "returned",
    "co-opinions",
    "to-sign",
    "verdict",
    "key",
    "notices",
    "commitments-due",
]


@pytest.fixture
def everyone(session, unit):
    """One account holding every working role, to see every box at once."""
    member = Member.objects.create(body=session.body, name="王晓明", sector="经济界")
    leader = Leader.objects.create(name="赵国强", title="副区长", organisation="gov")
    user = make_user("everyone", Role.MEMBER, proposer=member, leader=leader)
    for role in (Role.CPPCC_STAFF, Role.GOV_OFFICE, Role.LEADER):
        RoleAssignment.objects.create(user=user, role=role)
    RoleAssignment.objects.create(user=user, role=Role.UNIT_LEADER, unit=unit)
    return type(user).objects.get(pk=user.pk)


def test_the_worklist_composes_intake_then_handling_then_supervision_boxes(everyone):
    assert [section.key for section in worklist_boxes(everyone)] == EVERY_BOX


def test_with_nothing_to_do_every_box_is_one_name_in_the_quiet_line(client, everyone):
    login(client, everyone)
    page = client.get(reverse("worklist")).content.decode()
    quiet = page[page.index('id="worklist-empty"') :]
    assert sorted(re.findall(r'id="section-([\w-]+)"', quiet)) == sorted(EVERY_BOX)
    assert '<section class="card' not in page
    titles = ("待确认的联名邀请", "待交办", "待审核答复", "待签发答复", "我领办、督办的重点提案")
    for title in titles:
        assert title in quiet


def test_handling_and_supervision_add_their_boxes_through_the_hook():
    names = [f"{boxes.__module__}.{boxes.__name__}" for boxes in worklist_sections]
    assert names == [
        "tian.handling.queries.handling_sections",
        "tian.supervision.key.queries.leader_sections",
        "tian.supervision.reminders.worklist.notice_sections",
        "tian.supervision.commitments.worklist.commitment_sections",
    ]
