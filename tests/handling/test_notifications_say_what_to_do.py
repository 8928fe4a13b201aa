"""Every message a handling step sends says what to do and by when, with the date from
handling's deadlines; the person who acted is told who was told, and how."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from tests.conftest import login
from tests.handling.test_handling_flow import assign, fresh, handled_to_reply
from tian.handling import actions, deadlines
from tian.notifications.models import Notification

pytestmark = pytest.mark.django_db
REVIEWED_ON = date(2022, 4, 6)


def message_to(user, kind=None):
    found = Notification.objects.filter(recipient=user)
    if kind:
        found = found.filter(kind=kind)
    return found.latest("id")


def test_an_accepted_reply_asks_each_proposer_for_a_verdict_by_the_verdict_due_date(
    client, personas, filed, unit
):
    reply = handled_to_reply(personas, filed, unit)
    login(client, personas.office)
    with time_machine.travel(REVIEWED_ON):
        client.post(
            reverse("reply-review", args=[reply.pk]),
            {"version": reply.version, "decision": "accept", "comment": ""},
        )
    due = deadlines.verdict_due(REVIEWED_ON).due
    for proposer in (personas.member, personas.cosigner):
        told = message_to(proposer, "transition.accept_reply")
        assert (told.action, told.due_on) == ("评价", due)
        assert told.ask == f"请于{due.month}月{due.day}日前评价"
    # The lead unit is told too, and asked for nothing.
    assert message_to(personas.unit_clerk, "transition.accept_reply").ask == ""


def test_the_office_sees_who_was_told_and_how_after_accepting_a_reply(
    client, personas, filed, unit
):
    personas.member.phone = "13900000001"
    personas.member.save()
    reply = handled_to_reply(personas, filed, unit)
    login(client, personas.office)
    with time_machine.travel(REVIEWED_ON):
        page = client.post(
            reverse("reply-review", args=[reply.pk]),
            {"version": reply.version, "decision": "accept", "comment": ""},
            follow=True,
        ).content.decode()
    assert "已通知:" in page
    assert "王晓明(短信、站内消息)" in page
    assert "人社局联络员" in page and "李红" in page


def test_a_refused_action_tells_nobody_and_says_so(client, personas, filed, unit):
    reply = handled_to_reply(personas, filed, unit)
    login(client, personas.office)
    before = Notification.objects.count()
    page = client.post(
        reverse("reply-review", args=[reply.pk]),
        {"version": reply.version, "decision": "return", "comment": ""},
        follow=True,
    ).content.decode()
    assert "写明需要修改" in page
    assert "已通知" not in page
    assert Notification.objects.count() == before


def test_a_new_assignment_asks_the_lead_unit_to_sign_and_the_co_unit_for_its_opinion(
    personas, filed, unit, co_unit
):
    assign(personas, filed, unit, [co_unit])
    objection = deadlines.objection_due(date(2022, 3, 1)).due
    co_opinion = deadlines.co_opinion_due(deadlines.reply_due(date(2022, 3, 1))).due
    for person in (personas.unit_clerk, personas.unit_head):
        told = message_to(person, "transition.assign")
        assert (told.action, told.due_on) == ("签收", objection)
    told = message_to(personas.co_clerk, "transition.assign")
    assert (told.action, told.due_on) == ("提出协办意见", co_opinion)
    # One message each: the proposer is told, and asked for nothing.
    assert Notification.objects.filter(recipient=personas.unit_clerk).count() == 1
    assert message_to(personas.member, "transition.assign").ask == ""


def test_a_returned_reply_asks_the_lead_unit_to_revise_it_by_the_reply_due_date(
    personas, filed, unit
):
    reply = handled_to_reply(personas, filed, unit)
    actions.review_reply(
        personas.office, reply, version=reply.version, accept=False, comment="措施不够具体"
    )
    told = message_to(personas.unit_clerk, "handling")
    due = deadlines.proposal_deadlines(fresh(filed))["reply"].due
    assert (told.action, told.due_on) == ("修改答复", due)
