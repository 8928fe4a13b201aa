"""What a reply still needs is one list (`reply_problems`): to be signed, its text; to be
sent (报送), also the stamped letter and the workflow's conditions. Saving, signing, sending
and the page's checklist all ask it."""

from __future__ import annotations

from datetime import date

import pytest

from tests.handling.conftest import letter
from tests.handling.test_handling_flow import assign, fresh
from tian.handling import actions
from tian.handling.models import Grade, Reply
from tian.handling.replies import SIGN, SUBMIT, checklist, reply_problems
from tian.lib.errors import ActionError

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(personas, filed, unit, co_unit):
    proposal = assign(personas, filed, unit, [co_unit])
    actions.accept_assignment(personas.unit_clerk, fresh(proposal), version=fresh(proposal).version)
    return fresh(proposal)


def save(personas, proposal, unit, **fields) -> Reply:
    values = {
        "grade": None,
        "situation": "",
        "measures": "",
        "plan": "",
        "disclosure": "publish",
        "letter": None,
    } | fields
    return actions.save_reply(
        personas.unit_clerk, proposal, reply_version=None, unit=unit, **values
    )


def grade(proposal, code: str) -> Grade:
    return Grade.objects.get(session=proposal.session, code=code)


def talk_and_hear_the_co_unit(personas, proposal, unit, co_unit) -> None:
    actions.log_contact(
        personas.unit_clerk,
        proposal,
        unit=unit,
        method="phone",
        stage="before",
        contacted_on=date.today(),
        summary="电话听取意见",
    )
    actions.submit_co_opinion(personas.co_clerk, proposal, unit=co_unit, text="已列入预算。")


def test_an_empty_draft_is_saved_and_lists_everything_it_lacks(personas, proposal, unit):
    reply = save(personas, proposal, unit, disclosure="withhold")
    assert reply.status == Reply.Status.DRAFT
    assert reply_problems(reply, step=SIGN) == [
        "请选择办理结果分类",
        "请填写答复内容",
        "不公开的答复须写明理由",
    ]
    assert reply_problems(reply, step=SUBMIT) == [
        "请选择办理结果分类",
        "请填写答复内容",
        "不公开的答复须写明理由",
        "请上传加盖公章的答复函",
        "答复前须至少与提案者沟通联系一次,请先记录沟通情况",
        "还在等待协办单位的意见:财政局",
    ]


def test_an_in_progress_grade_asks_for_its_measures_through_supervisions_check(
    personas, proposal, unit
):
    reply = save(personas, proposal, unit, grade=grade(proposal, "B"), measures="分步实施。")
    assert reply_problems(reply, step=SIGN) == [
        "“正在解决或列入计划”的答复须列出实施清单(做什么、谁负责、何时完成)"
    ]


def test_signing_needs_the_text_only_and_sending_needs_the_stamped_letter(
    personas, proposal, unit, co_unit
):
    talk_and_hear_the_co_unit(personas, proposal, unit, co_unit)
    reply = save(personas, proposal, unit, grade=grade(proposal, "A"), measures="已落实。")
    assert reply_problems(reply, step=SIGN) == []
    assert reply_problems(reply, step=SUBMIT) == ["请上传加盖公章的答复函"]
    reply = actions.sign_reply(personas.unit_head, reply, version=reply.version)
    with pytest.raises(ActionError, match=r"^请上传加盖公章的答复函。$"):
        actions.submit_reply(personas.unit_clerk, reply, version=reply.version)
    reply = actions.attach_letter(
        personas.unit_clerk, reply, version=reply.version, letter=letter()
    )
    assert reply.status == Reply.Status.SIGNED and reply.signer == personas.unit_head
    assert reply_problems(reply) == []
    reply = actions.submit_reply(personas.unit_clerk, reply, version=reply.version)
    assert reply.status == Reply.Status.SUBMITTED


def test_sending_names_every_missing_condition_at_once(personas, proposal, unit):
    reply = save(personas, proposal, unit, grade=grade(proposal, "A"), measures="已落实。")
    reply = actions.sign_reply(personas.unit_head, reply, version=reply.version)
    with pytest.raises(ActionError) as refused:
        actions.submit_reply(personas.unit_clerk, reply, version=reply.version)
    assert refused.value.message == (
        "请上传加盖公章的答复函;答复前须至少与提案者沟通联系一次,请先记录沟通情况;"
        "还在等待协办单位的意见:财政局。"
    )


def test_the_checklist_splits_what_signing_and_sending_need(personas, proposal, unit):
    reply = save(personas, proposal, unit, measures="已落实。")
    listed = checklist(reply)
    assert listed.to_sign == ["请选择办理结果分类"]
    assert listed.to_submit[0] == "请上传加盖公章的答复函"
    reply = save(personas, proposal, unit, grade=grade(proposal, "A"), measures="已落实。")
    reply = actions.sign_reply(personas.unit_head, reply, version=reply.version)
    listed = checklist(reply)
    assert listed.to_sign == [] and "请上传加盖公章的答复函" in listed.to_submit


def test_a_sent_reply_has_nothing_left_to_list(personas, proposal, unit, co_unit):
    talk_and_hear_the_co_unit(personas, proposal, unit, co_unit)
    reply = save(
        personas, proposal, unit, grade=grade(proposal, "A"), measures="已落实。", letter=letter()
    )
    reply = actions.sign_reply(personas.unit_head, reply, version=reply.version)
    reply = actions.submit_reply(personas.unit_clerk, reply, version=reply.version)
    assert not checklist(reply)


def test_a_letter_cannot_be_changed_once_the_reply_is_sent(personas, proposal, unit, co_unit):
    talk_and_hear_the_co_unit(personas, proposal, unit, co_unit)
    reply = save(
        personas, proposal, unit, grade=grade(proposal, "A"), measures="已落实。", letter=letter()
    )
    reply = actions.sign_reply(personas.unit_head, reply, version=reply.version)
    reply = actions.submit_reply(personas.unit_clerk, reply, version=reply.version)
    with pytest.raises(ActionError, match="不能在此更换答复函"):
        actions.attach_letter(personas.unit_clerk, reply, version=reply.version, letter=letter())
