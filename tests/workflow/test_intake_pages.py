"""Intake's decision pages, now served by the workflow app, keep their URLs and templates:
a member submits a draft from its page; a clerk files it with the review form."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tian.audit.models import AuditEvent
from tian.proposals import actions
from tian.proposals.models import Proposal, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(personas, session):
    member = personas.member
    return actions.create_proposal(
        member, session=session, lead_proposer=member.proposer, title="题目", suggestions="建议"
    )


def test_a_member_submits_a_draft_through_its_page(client, personas, draft):
    client.force_login(personas.member)
    url = reverse("proposal-submit", args=[draft.pk])
    response = client.post(url, {"version": draft.version}, follow=True)
    assert url == f"/proposals/{draft.pk}/submit/"
    assert "提案已提交,等待提案委审查。" in response.content.decode()
    assert Proposal.objects.get(pk=draft.pk).status == Status.SUBMITTED
    assert AuditEvent.objects.filter(event_type="transition.submit").count() == 1


def test_a_submission_the_workflow_refuses_is_shown_in_chinese(client, personas, draft):
    Proposal.objects.filter(pk=draft.pk).update(suggestions="")
    client.force_login(personas.member)
    url = reverse("proposal-submit", args=[draft.pk])
    response = client.post(url, {"version": draft.version}, follow=True)
    assert "提交前请填写:具体建议。" in response.content.decode()
    assert Proposal.objects.get(pk=draft.pk).status == Status.DRAFT


def test_a_clerk_files_a_submitted_proposal_with_the_review_form(client, personas, session, draft):
    client.force_login(personas.member)
    client.post(reverse("proposal-submit", args=[draft.pk]), {"version": draft.version})
    submitted = Proposal.objects.get(pk=draft.pk)
    client.force_login(personas.clerk)
    url = reverse("proposal-review", args=[draft.pk])
    page = client.get(url)
    assert url == f"/proposals/{draft.pk}/review/"
    assert page.templates[0].name == "proposals/review.html"
    category = session.categories.first()
    client.post(
        url,
        {"version": submitted.version, "decision": "file", "category": category.pk, "number": 9},
    )
    filed = Proposal.objects.get(pk=draft.pk)
    assert (filed.status, filed.number, filed.category) == (Status.FILED, 9, category)
