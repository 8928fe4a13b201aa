"""The proposal page offers a handling step (its 下一步 buttons) by the same policy rule the
action asks under the lock: what the page offers the action takes, what it does not offer
the action refuses, with the reason."""

from __future__ import annotations

from datetime import date

import pytest

from tests.handling.test_handling_flow import assign, fresh, handled_to_reply
from tian.handling import actions
from tian.handling.queries import handling_context
from tian.lib.errors import ActionError

pytestmark = pytest.mark.django_db


@pytest.fixture
def replied(personas, filed, unit):
    reply = handled_to_reply(personas, filed, unit)
    actions.review_reply(personas.office, reply, version=reply.version, accept=True)
    return fresh(filed)


def flags(user, proposal) -> dict[str, bool]:
    context = handling_context(user, proposal)
    return {name: context[name] for name in ("may_reply", "may_contact", "may_extend")}


def test_a_replied_proposal_offers_a_contact_but_no_reply_and_the_actions_agree(
    personas, replied, unit
):
    assert flags(personas.unit_clerk, replied) == {
        "may_reply": False,
        "may_contact": True,
        "may_extend": False,
    }
    actions.log_contact(
        personas.unit_clerk,
        replied,
        unit=unit,
        method="phone",
        stage="after",
        contacted_on=date.today(),
        summary="回访",
    )
    with pytest.raises(ActionError, match="提案办理中才能起草答复"):
        actions.save_reply(
            personas.unit_clerk,
            replied,
            reply_version=None,
            unit=unit,
            grade=None,
            situation="再答复",
            measures="",
            plan="",
            disclosure="publish",
        )


def test_the_office_is_offered_one_extension_before_the_reply_and_can_take_no_other(
    personas, filed, unit, replied
):
    assert not flags(personas.office, replied)["may_extend"]
    with pytest.raises(ActionError, match="提案已答复,不能再延长答复期限"):
        actions.extend_deadline(
            personas.office, replied, new_due_on=date(2022, 7, 1), reason="需调研"
        )


def test_an_extension_once_granted_is_no_longer_offered(personas, filed, unit):
    proposal = assign(personas, filed, unit)
    assert flags(personas.office, proposal)["may_extend"]
    actions.extend_deadline(personas.office, proposal, new_due_on=date(2022, 7, 1), reason="需调研")
    assert not flags(personas.office, fresh(proposal))["may_extend"]


def test_a_closed_proposal_offers_its_units_no_contact_and_refuses_one(personas, replied, unit):
    actions.submit_verdict(
        personas.member,
        replied,
        version=replied.version,
        contact_made=True,
        contact_method="电话",
        attitude="satisfied",
        on_target="yes",
        result="satisfied",
    )
    closed = fresh(replied)
    assert not flags(personas.unit_clerk, closed)["may_contact"]
    with pytest.raises(ActionError, match="只有办理中的提案可以记录沟通情况"):
        actions.log_contact(
            personas.unit_clerk,
            closed,
            unit=unit,
            method="phone",
            stage="after",
            contacted_on=date.today(),
            summary="回访",
        )
