"""Zero-width and direction-control characters typed or pasted into a proposal or a reply
are stripped on entry: a title cannot read backwards or hide a word, and a title of
invisible characters alone is an empty title."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.handling.test_handling_flow import assign
from tian.handling import actions
from tian.handling.models import Grade, Reply
from tian.lib.text import BIDI_CONTROLS, ZERO_WIDTH, clean_text
from tian.proposals.models import Proposal
from tian.supervision.models import Commitment

pytestmark = pytest.mark.django_db

# "关于‮议建的‬路灯" shows as a title written backwards; the zero-width space hides in "路灯".
TRICKED = "关于\u202e议建的\u202c路\u200b灯\ufeff的建议\u2066"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_every_invisible_character_is_removed_and_nothing_else():
    assert clean_text(f"a{ZERO_WIDTH}b{BIDI_CONTROLS}c 中文\n") == "abc 中文\n"


def test_a_proposal_title_and_text_lose_their_invisible_characters(personas, session):
    response = _client(personas.member).post(
        reverse("proposal-create"),
        {"title": TRICKED, "background": "现状\u200d说明", "suggestions": "建议\u2067一"},
    )
    assert response.status_code == 302, response.content.decode()
    proposal = Proposal.objects.get()
    assert proposal.title == "关于议建的路灯的建议"
    assert proposal.background == "现状说明"
    assert proposal.suggestions == "建议一"


def test_a_title_of_invisible_characters_alone_is_refused_as_empty(personas, session):
    response = _client(personas.member).post(
        reverse("proposal-create"), {"title": "\u200b\u202e\ufeff", "suggestions": "建议"}
    )
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_reply_and_its_measures_lose_their_invisible_characters(personas, filed, unit):
    proposal = assign(personas, filed, unit)
    actions.accept_assignment(personas.unit_clerk, proposal, version=proposal.version)
    grade = Grade.objects.get(session=proposal.session, code="B")
    with time_machine.travel(date(2022, 3, 10)):
        response = _client(personas.unit_clerk).post(
            reverse("proposal-reply", args=[proposal.pk]),
            {
                "grade": grade.pk,
                "situation": "基本\u202e情况",
                "measures": "措施\u200b一",
                "plan": "计划\u2069",
                "disclosure": "publish",
                "letter": SimpleUploadedFile(
                    "答复函.pdf", b"%PDF-1.4\n1 0 obj\n", content_type="application/pdf"
                ),
                "c-TOTAL_FORMS": "1",
                "c-INITIAL_FORMS": "0",
                "c-0-description": "新建\u200c路灯",
                "c-0-responsible_unit": unit.pk,
                "c-0-due_on": "2022-12-31",
            },
        )
    assert response.status_code == 302, response.content.decode()
    reply = Reply.objects.get()
    assert (reply.situation, reply.measures, reply.plan) == ("基本情况", "措施一", "计划")
    assert Commitment.objects.get().description == "新建路灯"
