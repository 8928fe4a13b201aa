"""先联系后答复 and 协办意见先到 are guards of the workflow's reply step, not code: the default
workflow refuses a reply without them, with the same words as before; a body whose workflow
leaves a guard out lets the reply through."""

from __future__ import annotations

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.urls import reverse

from tests.handling.test_handling_flow import assign, draft_reply, fresh
from tian.handling import actions
from tian.handling.models import Reply
from tian.proposals.models import Status
from tian.workflow.models import Transition

pytestmark = pytest.mark.django_db

NO_CONTACT = "答复前须至少与提案者沟通联系一次,请先记录沟通情况。"
NO_CO_OPINION = "还在等待协办单位的意见:财政局。"


def switch_off(guard: str) -> None:
    """The body's workflow (the CPPCC default here) leaves `guard` out of its reply step."""
    for step in Transition.objects.filter(workflow__body_kind="cppcc", code="accept_reply"):
        step.guards = [name for name in step.guards if name != guard]
        step.save()


def signed_reply(personas, filed, unit, co_unit=None) -> Reply:
    proposal = assign(personas, filed, unit, [co_unit] if co_unit else [])
    actions.accept_assignment(personas.unit_clerk, fresh(proposal), version=fresh(proposal).version)
    reply = draft_reply(personas.unit_clerk, proposal, unit)
    return actions.sign_reply(personas.unit_head, reply, version=reply.version)


def log_contact(personas, reply: Reply) -> None:
    actions.log_contact(
        personas.unit_clerk,
        reply.proposal,
        unit=reply.unit,
        method="phone",
        stage="before",
        contacted_on=date.today(),
        summary="电话听取意见",
    )


def submit_on_the_page(client, personas, reply: Reply) -> str:
    client.force_login(personas.unit_clerk)
    url = reverse("reply-submit", args=[reply.pk])
    return client.post(url, {"version": reply.version}, follow=True).content.decode()


def test_the_default_workflow_lists_both_guards_on_the_reply_step():
    for step in Transition.objects.filter(code="accept_reply"):
        assert {"contact_before_reply", "co_opinions_first"} <= set(step.guards)


def test_the_default_workflow_refuses_a_reply_before_any_contact(client, personas, filed, unit):
    reply = signed_reply(personas, filed, unit)
    assert NO_CONTACT in submit_on_the_page(client, personas, reply)
    assert Reply.objects.get(pk=reply.pk).status == Reply.Status.SIGNED


def test_a_workflow_without_the_contact_guard_lets_the_reply_through(client, personas, filed, unit):
    switch_off("contact_before_reply")
    reply = signed_reply(personas, filed, unit)
    assert "答复已报送督查室审核。" in submit_on_the_page(client, personas, reply)
    reply = Reply.objects.get(pk=reply.pk)
    assert reply.status == Reply.Status.SUBMITTED
    actions.review_reply(personas.office, reply, version=reply.version, accept=True)
    assert fresh(reply.proposal).status == Status.REPLIED


def test_the_default_workflow_refuses_a_reply_before_the_co_units_opinion(
    client, personas, filed, unit, co_unit
):
    reply = signed_reply(personas, filed, unit, co_unit)
    log_contact(personas, reply)
    assert NO_CO_OPINION in submit_on_the_page(client, personas, reply)
    assert Reply.objects.get(pk=reply.pk).status == Reply.Status.SIGNED


def test_a_workflow_without_the_co_opinion_guard_lets_the_reply_through(
    client, personas, filed, unit, co_unit
):
    switch_off("co_opinions_first")
    reply = signed_reply(personas, filed, unit, co_unit)
    log_contact(personas, reply)
    assert "答复已报送督查室审核。" in submit_on_the_page(client, personas, reply)
    reply = Reply.objects.get(pk=reply.pk)
    actions.review_reply(personas.office, reply, version=reply.version, accept=True)
    assert fresh(reply.proposal).status == Status.REPLIED


def test_an_existing_workflow_gets_both_guards_once_when_it_migrates():
    migration = importlib.import_module("tian.workflow.migrations.0002_reply_guards_as_data")
    Transition.objects.filter(code="accept_reply").update(guards=["reply_submitted"])
    migration.add_guards(apps, None)
    migration.add_guards(apps, None)
    guards = Transition.objects.filter(code="accept_reply").values_list("guards", flat=True)
    assert {tuple(g) for g in guards} == {
        ("reply_submitted", "contact_before_reply", "co_opinions_first")
    }
