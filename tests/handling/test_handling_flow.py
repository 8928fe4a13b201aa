"""From assignment to a closed proposal, with every guard on the way."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests.handling.conftest import letter
from tian.handling import actions
from tian.handling.actions import CommitmentInput
from tian.handling.models import (
    Assignment,
    Feedback,
    Grade,
    ReassignmentRequest,
    Rehandling,
    Reply,
)
from tian.lib.errors import ActionError, ConflictError
from tian.notifications.models import Notification
from tian.proposals.models import Status

pytestmark = pytest.mark.django_db
ASSIGNED_ON = date(2022, 3, 1)


def fresh(proposal):
    proposal.refresh_from_db()
    return proposal


def assign(personas, filed, unit, co=()):
    with time_machine.travel(ASSIGNED_ON):
        return actions.assign_proposal(
            personas.office, filed, version=filed.version, lead=unit, co=list(co)
        )


def draft_reply(who, proposal, unit, grade_code="A", commitments=(), with_letter=True):
    grade = Grade.objects.get(session=proposal.session, code=grade_code)
    return actions.save_reply(
        who,
        proposal,
        reply_version=None,
        unit=unit,
        grade=grade,
        situation="已与企业座谈。",
        measures="稳岗返还比例提至90%。",
        plan="年内再开展两场招聘会。",
        disclosure="publish",
        commitments=commitments,
        letter=letter() if with_letter else None,
    )


def test_the_office_assigns_a_lead_and_a_co_unit_and_both_are_told(
    personas, filed, unit, co_unit, co_clerk
):
    proposal = assign(personas, filed, unit, [co_unit])
    assert proposal.status == Status.ASSIGNED
    roles = dict(proposal.assignments.values_list("unit__short_name", "role"))
    assert roles == {"人社局": "lead", "财政局": "co"}
    assert Assignment.objects.filter(proposal=proposal, assigned_on=ASSIGNED_ON).count() == 2
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert {"unitclerk", "unithead", "coclerk"} <= told


def test_only_the_office_assigns(personas, filed, unit):
    with pytest.raises(PermissionDenied):
        actions.assign_proposal(personas.clerk, filed, version=filed.version, lead=unit)


def test_a_unit_objects_within_the_window_and_the_office_reassigns_keeping_the_deadline(
    personas, filed, unit, other_unit
):
    proposal = assign(personas, filed, unit)
    assignment = proposal.assignments.get(unit=unit)
    with time_machine.travel(date(2022, 3, 4)):
        request = actions.object_to_assignment(
            personas.unit_clerk, assignment, reason="不属本单位职能"
        )
        with pytest.raises(ActionError, match="调整申请尚待"):
            actions.accept_assignment(
                personas.unit_clerk, fresh(proposal), version=fresh(proposal).version
            )
        actions.decide_objection(personas.office, request, accept=True, new_unit=other_unit)
    new = proposal.assignments.get(unit=other_unit)
    assert new.status == "active" and new.deadline_from == ASSIGNED_ON
    assert proposal.assignments.get(unit=unit).status == "withdrawn"
    assert ReassignmentRequest.objects.get().status == "accepted"


def test_an_objection_after_five_working_days_is_refused(personas, filed, unit):
    proposal = assign(personas, filed, unit)
    assignment = proposal.assignments.get(unit=unit)
    with (
        time_machine.travel(date(2022, 3, 10)),
        pytest.raises(ActionError, match="已超过申请调整期限"),
    ):
        actions.object_to_assignment(personas.unit_clerk, assignment, reason="不属本单位职能")


def test_a_reply_cannot_be_submitted_before_any_contact_or_before_co_opinions(
    personas, filed, unit, co_unit, co_clerk
):
    proposal = assign(personas, filed, unit, [co_unit])
    actions.accept_assignment(personas.unit_clerk, fresh(proposal), version=fresh(proposal).version)
    reply = draft_reply(personas.unit_clerk, proposal, unit)
    reply = actions.sign_reply(personas.unit_head, reply, version=reply.version)
    with pytest.raises(ActionError, match="至少与提案者沟通联系一次"):
        actions.submit_reply(personas.unit_clerk, reply, version=reply.version)
    actions.log_contact(
        personas.unit_clerk,
        proposal,
        unit=unit,
        method="phone",
        stage="before",
        contacted_on=date.today(),
        summary="电话听取意见",
    )
    with pytest.raises(ActionError, match="等待协办单位的意见:财政局"):
        actions.submit_reply(personas.unit_clerk, reply, version=reply.version)
    actions.submit_co_opinion(co_clerk, proposal, unit=co_unit, text="资金已列入预算。")
    reply = actions.submit_reply(personas.unit_clerk, reply, version=reply.version)
    assert reply.status == Reply.Status.SUBMITTED


def test_an_in_progress_reply_needs_commitments_to_be_signed_and_its_letter_to_be_sent(
    personas, filed, unit
):
    proposal = assign(personas, filed, unit)
    actions.accept_assignment(personas.unit_clerk, fresh(proposal), version=fresh(proposal).version)
    reply = draft_reply(personas.unit_clerk, proposal, unit, grade_code="B", with_letter=False)
    with pytest.raises(ActionError) as refused:
        actions.sign_reply(personas.unit_head, reply, version=reply.version)
    # The leader signs the text; the stamped letter is attached after signing, before 报送.
    assert "实施清单" in refused.value.message and "答复函" not in refused.value.message
    reply = draft_reply(
        personas.unit_clerk,
        proposal,
        unit,
        grade_code="B",
        commitments=[CommitmentInput("建设零工市场", unit, date(2022, 12, 31))],
        with_letter=False,
    )
    reply = actions.sign_reply(personas.unit_head, reply, version=reply.version)
    assert reply.status == "signed"
    with pytest.raises(ActionError, match="请上传加盖公章的答复函"):
        actions.submit_reply(personas.unit_clerk, reply, version=reply.version)


def test_a_unit_clerk_cannot_sign_and_another_units_leader_cannot_either(personas, filed, unit):
    proposal = assign(personas, filed, unit)
    actions.accept_assignment(personas.unit_clerk, fresh(proposal), version=fresh(proposal).version)
    reply = draft_reply(personas.unit_clerk, proposal, unit)
    with pytest.raises(PermissionDenied):
        actions.sign_reply(personas.unit_clerk, reply, version=reply.version)


def test_a_letter_that_is_not_a_pdf_or_image_is_refused(personas, filed, unit):
    from django.core.files.uploadedfile import SimpleUploadedFile

    proposal = assign(personas, filed, unit)
    actions.accept_assignment(personas.unit_clerk, fresh(proposal), version=fresh(proposal).version)
    fake = SimpleUploadedFile("答复函.pdf", b"<html>not a pdf</html>")
    with pytest.raises(ActionError, match="不是允许的类型"):
        actions.save_reply(
            personas.unit_clerk,
            proposal,
            reply_version=None,
            unit=unit,
            grade=None,
            situation="",
            measures="",
            plan="",
            disclosure="publish",
            letter=fake,
        )


def handled_to_reply(personas, filed, unit):
    proposal = assign(personas, filed, unit)
    actions.accept_assignment(personas.unit_clerk, fresh(proposal), version=fresh(proposal).version)
    actions.log_contact(
        personas.unit_clerk,
        proposal,
        unit=unit,
        method="visit",
        stage="during",
        contacted_on=date.today(),
        summary="登门面商",
    )
    reply = draft_reply(personas.unit_clerk, proposal, unit)
    reply = actions.sign_reply(personas.unit_head, reply, version=reply.version)
    return actions.submit_reply(personas.unit_clerk, reply, version=reply.version)


def test_the_office_returns_a_reply_with_a_comment_then_accepts_the_revision(personas, filed, unit):
    reply = handled_to_reply(personas, filed, unit)
    with pytest.raises(ActionError, match="写明需要修改"):
        actions.review_reply(personas.office, reply, version=reply.version, accept=False)
    reply = actions.review_reply(
        personas.office, reply, version=reply.version, accept=False, comment="措施不够具体"
    )
    assert reply.status == Reply.Status.RETURNED
    reply = draft_reply(personas.unit_clerk, fresh(filed), unit)
    reply = actions.sign_reply(personas.unit_head, reply, version=reply.version)
    reply = actions.submit_reply(personas.unit_clerk, reply, version=reply.version)
    reply = actions.review_reply(personas.office, reply, version=reply.version, accept=True)
    assert reply.status == Reply.Status.ACCEPTED and reply.replied_on is not None
    assert fresh(filed).status == Status.REPLIED
    told = set(
        Notification.objects.filter(kind="transition.accept_reply").values_list(
            "recipient__username", flat=True
        )
    )
    assert {"member", "cosigner"} <= told  # each joint proposer receives the reply


def test_two_reviewers_at_once_one_wins_the_other_gets_a_conflict(personas, filed, unit):
    reply = handled_to_reply(personas, filed, unit)
    seen = reply.version
    actions.review_reply(personas.office, reply, version=seen, accept=True)
    with pytest.raises(ConflictError):
        actions.review_reply(personas.office, reply, version=seen, accept=False, comment="再改")


def test_dissatisfied_starts_rehandling_and_a_second_round_closes_it(personas, filed, unit):
    reply = handled_to_reply(personas, filed, unit)
    actions.review_reply(personas.office, reply, version=reply.version, accept=True)
    proposal = fresh(filed)
    with pytest.raises(PermissionDenied):
        actions.submit_verdict(
            personas.unit_clerk,
            proposal,
            version=proposal.version,
            contact_made=True,
            contact_method="电话",
            attitude="satisfied",
            on_target="yes",
            result="satisfied",
        )
    actions.submit_verdict(
        personas.member,
        proposal,
        version=proposal.version,
        contact_made=True,
        contact_method="电话",
        attitude="basically",
        on_target="mostly",
        result="dissatisfied",
        comments="措施未落地",
    )
    proposal = fresh(filed)
    assert proposal.status == Status.REHANDLING
    assert Rehandling.objects.get(proposal=proposal).round == 2
    reply2 = draft_reply(personas.unit_clerk, proposal, unit)
    assert reply2.round == 2
    reply2 = actions.sign_reply(personas.unit_head, reply2, version=reply2.version)
    reply2 = actions.submit_reply(personas.unit_clerk, reply2, version=reply2.version)
    actions.review_reply(personas.office, reply2, version=reply2.version, accept=True)
    proposal = fresh(filed)
    actions.submit_verdict(
        personas.member,
        proposal,
        version=proposal.version,
        contact_made=True,
        contact_method="面谈",
        attitude="satisfied",
        on_target="yes",
        result="satisfied",
    )
    assert fresh(filed).status == Status.CLOSED
    assert list(Feedback.objects.order_by("round").values_list("round", "result")) == [
        (1, "dissatisfied"),
        (2, "satisfied"),
    ]


def test_no_verdict_within_the_window_is_recorded_as_none_not_as_satisfied(personas, filed, unit):
    with time_machine.travel(date(2022, 3, 10)):
        reply = handled_to_reply(personas, filed, unit)
        actions.review_reply(personas.office, reply, version=reply.version, accept=True)
        proposal = fresh(filed)
        with pytest.raises(ActionError, match="征询意见期限未满"):
            actions.close_without_verdict(personas.office, proposal, version=proposal.version)
    with time_machine.travel(date(2022, 3, 10) + timedelta(days=40)):
        feedback = actions.close_without_verdict(
            personas.office, proposal, version=proposal.version
        )
    assert feedback.responded is False and feedback.result == ""
    assert fresh(filed).status == Status.CLOSED


def test_an_extension_is_granted_once_and_never_past_six_months(personas, filed, unit):
    proposal = assign(personas, filed, unit)
    with pytest.raises(ActionError, match="6个月"):
        actions.extend_deadline(
            personas.office, proposal, new_due_on=date(2022, 9, 15), reason="需调研"
        )
    actions.extend_deadline(personas.office, proposal, new_due_on=date(2022, 7, 1), reason="需调研")
    with pytest.raises(ActionError, match="只能延期一次"):
        actions.extend_deadline(
            personas.office, proposal, new_due_on=date(2022, 8, 1), reason="再延"
        )


def test_a_signed_reply_can_still_be_revised_and_must_be_signed_again(personas, filed, unit):
    proposal = assign(personas, filed, unit)
    actions.accept_assignment(personas.unit_clerk, fresh(proposal), version=fresh(proposal).version)
    reply = draft_reply(personas.unit_clerk, proposal, unit)
    actions.sign_reply(personas.unit_head, reply, version=reply.version)
    revised = draft_reply(personas.unit_clerk, proposal, unit)
    assert revised.pk == reply.pk
    assert revised.status == Reply.Status.DRAFT and revised.signer is None


def test_a_returned_reply_is_revised_before_it_can_be_signed_again(personas, filed, unit):
    reply = handled_to_reply(personas, filed, unit)
    reply = actions.review_reply(
        personas.office, reply, version=reply.version, accept=False, comment="补充时间表"
    )
    with pytest.raises(ActionError, match="按意见修改"):
        actions.sign_reply(personas.unit_head, reply, version=reply.version)


def test_refusing_an_objection_needs_a_reason(personas, filed, unit):
    with time_machine.travel(ASSIGNED_ON):
        proposal = actions.assign_proposal(personas.office, filed, version=filed.version, lead=unit)
        request = actions.object_to_assignment(
            personas.unit_clerk, proposal.assignments.get(), reason="不属本单位职能"
        )
        with pytest.raises(ActionError, match="写明理由"):
            actions.decide_objection(personas.office, request, accept=False, comment=" ")


def test_the_office_is_offered_closing_without_a_verdict_only_once_the_window_has_passed(
    client, personas, filed, unit
):
    with time_machine.travel(date(2022, 3, 10)):
        reply = handled_to_reply(personas, filed, unit)
        actions.review_reply(personas.office, reply, version=reply.version, accept=True)
    url = reverse("proposal-detail", args=[filed.pk])

    with time_machine.travel(date(2022, 3, 11)):
        client.force_login(personas.office)
        assert "逾期未反馈办结" not in client.get(url).content.decode()
    with time_machine.travel(date(2022, 3, 10) + timedelta(days=40)):
        client.force_login(personas.office)
        assert "逾期未反馈办结" in client.get(url).content.decode()
