"""The office rates the quality of a reply (答复质量评审): one rating per reply, audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests.evaluation.conftest import make_proposal
from tian.audit.events import EventType
from tian.audit.models import AuditEvent
from tian.directory.models import Member
from tian.evaluation.actions import review_reply_quality
from tian.evaluation.models import ReplyReview
from tian.handling.models import Reply
from tian.lib.errors import ActionError

pytestmark = pytest.mark.django_db


@pytest.fixture
def reply(personas, session, unit):
    proposer = Member.objects.get(name="王晓明")
    proposal = make_proposal(session, 7, unit, proposer=proposer, replied_on=date(2022, 5, 1))
    return proposal.replies.get()


def test_a_rating_is_recorded_with_an_audit_event(reply, personas):
    review_reply_quality(personas.office, reply, level="good", comment="措施具体")
    event = AuditEvent.objects.get(event_type=EventType.REPLY_QUALITY_REVIEWED)
    assert (event.proposal_id, event.data["level"]) == (reply.proposal_id, "good")


def test_rating_again_changes_the_one_rating_of_the_reply(reply, personas):
    review_reply_quality(personas.office, reply, level="good")
    review_reply_quality(personas.office, reply, level="excellent")
    assert list(ReplyReview.objects.values_list("level", flat=True)) == ["excellent"]


def test_a_draft_reply_cannot_be_rated(reply, personas):
    Reply.objects.filter(pk=reply.pk).update(status=Reply.Status.DRAFT)
    reply.refresh_from_db()
    with pytest.raises(PermissionDenied):
        review_reply_quality(personas.office, reply, level="good")


def test_a_unit_cannot_rate_its_own_reply(reply, personas):
    with pytest.raises(PermissionDenied):
        review_reply_quality(personas.unit_clerk, reply, level="excellent")


def test_an_unknown_level_is_refused(reply, personas):
    with pytest.raises(ActionError, match="请选择答复质量等次"):
        review_reply_quality(personas.office, reply, level="perfect")


def test_the_form_saves_the_rating_and_returns_to_the_proposal(reply, personas, client):
    client.force_login(personas.office)
    url = reverse("reply-quality", args=[reply.pk])
    response = client.post(url, {"level": "fair", "comment": "不够具体"})
    assert response.url.endswith(f"/proposals/{reply.proposal_id}/#reply-{reply.pk}")
    assert ReplyReview.objects.get(reply=reply).comment == "不够具体"


def test_the_reply_panel_links_to_the_rating_for_the_office(reply, personas, client):
    client.force_login(personas.office)
    response = client.get(reverse("proposal-detail", args=[reply.proposal_id]))
    assert reverse("reply-quality", args=[reply.pk]) in response.content.decode()
