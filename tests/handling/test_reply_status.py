"""A reply's status moves only through `set_reply_status`, by its table: drafted, signed by
the unit leader, sent (报送), then accepted or returned by the office; a move the table does
not list is refused with the reason, and each move records what it means."""

from __future__ import annotations

from datetime import date
from itertools import product

import pytest
import time_machine
from django.utils import timezone

from tian.handling.models import Reply
from tian.handling.replies import MOVES, may_move, set_reply_status
from tian.lib.errors import ActionError

pytestmark = pytest.mark.django_db

Status = Reply.Status
ALLOWED = {(source, target) for source, targets in MOVES.items() for target in targets}
REFUSED = sorted(
    (source, target)
    for source, target in product(list(Status.values), list(Status.values))
    if (source, target) not in ALLOWED
)


@pytest.fixture
def reply(personas, filed, unit) -> Reply:
    return Reply.objects.create(proposal=filed, unit=unit, status=Status.DRAFT)


def test_a_new_reply_can_only_become_a_draft(filed, unit):
    new = Reply(proposal=filed, unit=unit)
    assert may_move(new, Status.DRAFT)
    for target in set(Status.values) - {Status.DRAFT}:
        assert not may_move(new, target)
        with pytest.raises(ActionError):
            set_reply_status(new, target)
    set_reply_status(new, Status.DRAFT)
    assert new.status == Status.DRAFT and new.version == 1


def test_the_table_follows_the_order_units_work_in():
    expected = {
        (None, Status.DRAFT),
        (Status.DRAFT, Status.DRAFT),
        (Status.DRAFT, Status.SIGNED),
        (Status.SIGNED, Status.DRAFT),
        (Status.SIGNED, Status.SUBMITTED),
        (Status.RETURNED, Status.DRAFT),
        (Status.SUBMITTED, Status.RETURNED),
        (Status.SUBMITTED, Status.ACCEPTED),
    }
    assert expected == ALLOWED


@pytest.mark.parametrize(("source", "target"), REFUSED)
def test_a_move_the_table_does_not_list_is_refused_and_changes_nothing(reply, source, target):
    reply.status = source
    version = reply.version
    assert not may_move(reply, target)
    with pytest.raises(ActionError) as refused:
        set_reply_status(reply, target)
    assert refused.value.message
    assert (reply.status, reply.version) == (source, version)


def test_a_returned_reply_is_told_to_be_revised_before_it_is_signed_again(reply):
    reply.status = Status.RETURNED
    with pytest.raises(ActionError, match="按意见修改保存后再签发"):
        set_reply_status(reply, Status.SIGNED)


def test_signing_names_the_leader_and_revising_clears_the_signature(reply, personas):
    with time_machine.travel(date(2022, 5, 6)):
        set_reply_status(reply, Status.SIGNED, by=personas.unit_head)
    assert (reply.signer, reply.signed_at.date()) == (personas.unit_head, date(2022, 5, 6))
    assert reply.version == 2
    set_reply_status(reply, Status.DRAFT)
    assert (reply.status, reply.signer, reply.signed_at) == (Status.DRAFT, None, None)
    assert reply.version == 3


def test_sending_is_timed_and_acceptance_dates_the_reply(reply, personas):
    set_reply_status(reply, Status.SIGNED, by=personas.unit_head)
    set_reply_status(reply, Status.SUBMITTED)
    assert reply.submitted_at is not None and reply.submitted_at <= timezone.now()
    set_reply_status(reply, Status.ACCEPTED, today=date(2022, 6, 1))
    assert (reply.status, reply.replied_on) == (Status.ACCEPTED, date(2022, 6, 1))
