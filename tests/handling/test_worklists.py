"""Each role's worklist shows what it must do now; overdue and due-soon are derived."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine

from tests.handling.conftest import letter
from tian.handling import actions, deadlines
from tian.handling.models import Assignment
from tian.handling.queries import latest_start_due_before, reply_overdue_q
from tian.proposals.models import Proposal
from tian.proposals.queries import worklist

pytestmark = pytest.mark.django_db


def section(user, key):
    found = {s.key: s for s in worklist(user)}
    return found[key]


def titles(user, key):
    return [p.title for p in section(user, key).items]


def assign(personas, proposal, unit, co=(), on=date(2022, 3, 1)):
    with time_machine.travel(on):
        return actions.assign_proposal(
            personas.office, proposal, version=proposal.version, lead=unit, co=list(co)
        )


@pytest.mark.parametrize("offset", range(-40, 40, 3))
def test_the_overdue_filter_agrees_with_the_reply_due_date_every_day(offset):
    today = date(2022, 5, 31)
    start = date(2022, 2, 28) + timedelta(days=offset)
    overdue = deadlines.reply_due(start).is_overdue(today)
    assert (start <= latest_start_due_before(today, 3)) == overdue


def test_a_new_assignment_waits_in_the_units_to_accept_box_and_the_co_units_box(
    personas, filed, unit, co_unit
):
    with time_machine.travel(date(2022, 3, 2)):
        assign(personas, filed, unit, [co_unit], on=date(2022, 3, 2))
        assert titles(personas.unit_clerk, "to-accept") == [filed.title]
        assert titles(personas.co_clerk, "co-opinions") == [filed.title]
        # Each box looks at the unit's own assignment, not at any unit's.
        assert titles(personas.unit_clerk, "co-opinions") == []
        assert titles(personas.co_clerk, "to-accept") == []
        due = section(personas.unit_clerk, "to-accept").items[0].reply_due
        assert due.due == date(2022, 6, 2)


def test_overdue_and_due_soon_are_derived_from_today(personas, filed, unit):
    proposal = assign(personas, filed, unit, on=date(2022, 3, 1))
    with time_machine.travel(date(2022, 3, 2)):
        actions.accept_assignment(personas.unit_clerk, proposal, version=proposal.version)
    with time_machine.travel(date(2022, 5, 25)):
        assert titles(personas.unit_clerk, "due-soon") == [filed.title]
        assert titles(personas.unit_clerk, "overdue-unit") == []
    with time_machine.travel(date(2022, 6, 2)):
        assert titles(personas.unit_clerk, "overdue-unit") == [filed.title]
        assert titles(personas.office, "overdue") == [filed.title]
        assert section(personas.office, "overdue").items[0].is_overdue


def test_an_approved_extension_takes_the_proposal_off_the_overdue_list(personas, filed, unit):
    proposal = assign(personas, filed, unit, on=date(2022, 3, 1))
    with time_machine.travel(date(2022, 5, 20)):
        actions.extend_deadline(
            personas.office, proposal, new_due_on=date(2022, 7, 31), reason="需跨部门协调"
        )
    with time_machine.travel(date(2022, 6, 10)):
        assert titles(personas.office, "overdue") == []
        assert not Proposal.objects.filter(reply_overdue_q(date(2022, 6, 10))).exists()
    with time_machine.travel(date(2022, 8, 2)):
        assert titles(personas.office, "overdue") == [filed.title]


def test_the_office_sees_objections_and_replies_to_review_and_the_member_sees_what_to_judge(
    personas, filed, unit
):
    proposal = assign(personas, filed, unit, on=date.today())
    lead = proposal.assignments.get(role=Assignment.Role.LEAD)
    objection = actions.object_to_assignment(personas.unit_clerk, lead, reason="不属本单位")
    assert titles(personas.office, "objections") == [filed.title]
    actions.decide_objection(personas.office, objection, accept=False, comment="属本单位职能")
    assert titles(personas.office, "objections") == []
    proposal.refresh_from_db()
    actions.accept_assignment(personas.unit_clerk, proposal, version=proposal.version)
    actions.log_contact(
        personas.unit_clerk,
        proposal,
        unit=unit,
        method="phone",
        stage="before",
        contacted_on=date.today(),
        summary="电话沟通",
    )
    grade = proposal.session.grades.get(code="A")
    reply = actions.save_reply(
        personas.unit_clerk,
        proposal,
        reply_version=None,
        unit=unit,
        grade=grade,
        situation="情况",
        measures="措施",
        plan="计划",
        disclosure="publish",
        letter=letter(),
    )
    assert titles(personas.unit_head, "to-sign") == [filed.title]
    reply = actions.sign_reply(personas.unit_head, reply, version=reply.version)
    actions.submit_reply(personas.unit_clerk, reply, version=reply.version)
    assert titles(personas.office, "review-replies") == [filed.title]
    reply.refresh_from_db()
    actions.review_reply(personas.office, reply, version=reply.version, accept=True)
    assert titles(personas.member, "verdict") == [filed.title]
    assert titles(personas.office, "review-replies") == []
