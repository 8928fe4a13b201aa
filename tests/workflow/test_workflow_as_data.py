"""Workflows are data: a people's congress skips filing review; a removed step is refused."""

from __future__ import annotations

import pytest

from tests.conftest import make_user
from tian.directory.models import Body, Member, Role, Session, Term
from tian.lib.errors import ActionError
from tian.proposals import actions
from tian.proposals.models import Category, Status
from tian.workflow import intake as workflow
from tian.workflow.models import Transition, Workflow

pytestmark = pytest.mark.django_db


def test_the_default_workflows_ship_for_both_kinds_of_body():
    kinds = set(Workflow.objects.values_list("body_kind", flat=True))
    assert kinds == {"cppcc", "npc"}
    assert Transition.objects.filter(workflow__body_kind="cppcc", code="file").exists()


def test_a_deputys_suggestion_is_filed_and_numbered_on_submission():
    body = Body.objects.create(name="测试区人大", kind=Body.Kind.NPC)
    term = Term.objects.create(body=body, name="第十八届", ordinal=18)
    session = Session.objects.create(
        body=body, term=term, name="十八届二次会议", slug="npc", year=2023
    )
    category = Category.objects.create(session=session, name="城乡建设类")
    deputy = Member.objects.create(body=body, name="张代表")
    user = make_user("deputy", Role.MEMBER, proposer=deputy)
    suggestion = actions.create_proposal(
        user,
        session=session,
        lead_proposer=deputy,
        title="关于修缮村道的建议",
        suggestions="列入年度计划。",
        category=category,
    )
    assert suggestion.kind == "suggestion"
    suggestion = workflow.submit_proposal(user, suggestion, version=suggestion.version)
    assert suggestion.status == Status.FILED and suggestion.number == 1


def test_a_step_removed_from_the_data_is_refused_with_the_current_status(personas, session):
    Transition.objects.filter(workflow__body_kind="cppcc", code="submit").delete()
    member = personas.member
    draft = actions.create_proposal(
        member, session=session, lead_proposer=member.proposer, title="题目", suggestions="建议"
    )
    with pytest.raises(ActionError, match="当前状态为“草稿”,不能执行"):
        workflow.submit_proposal(member, draft, version=draft.version)
