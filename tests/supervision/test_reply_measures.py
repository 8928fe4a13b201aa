"""The measures a reply promises (实施清单) are supervision's, added to handling's reply page
through handling's hooks: typed on the reply form they become commitments; rows not yet
started come back in the form, rows under way are listed and kept."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tests.handling.conftest import letter
from tests.handling.test_handling_flow import assign, fresh
from tian.handling import actions
from tian.handling.hooks import reply_checks, reply_commitment_forms, reply_saved
from tian.handling.models import Grade, Reply
from tian.supervision.models import Commitment

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_handling(personas, make_filed, unit):
    proposal = assign(personas, make_filed(), unit)
    actions.accept_assignment(personas.unit_clerk, fresh(proposal), version=fresh(proposal).version)
    return fresh(proposal)


def post_reply(client, personas, proposal, unit, rows, version=None):
    grade = Grade.objects.get(session=proposal.session, code="B")
    data = {
        "grade": grade.pk,
        "situation": "基本情况",
        "measures": "措施",
        "plan": "计划",
        "disclosure": "publish",
        "letter": letter(),
        "c-TOTAL_FORMS": str(len(rows)),
        "c-INITIAL_FORMS": "0",
    }
    if version is not None:
        data["reply_version"] = version
    for n, (text, due) in enumerate(rows):
        data |= {f"c-{n}-description": text, f"c-{n}-responsible_unit": unit.pk}
        data[f"c-{n}-due_on"] = due
    client.force_login(personas.unit_clerk)
    return client.post(reverse("proposal-reply", args=[proposal.pk]), data)


def test_supervision_plugs_its_measures_into_the_reply():
    assert len(reply_commitment_forms) == len(reply_saved) == len(reply_checks) == 1


def test_measures_typed_on_the_reply_form_become_commitments(client, personas, in_handling, unit):
    response = post_reply(client, personas, in_handling, unit, [("建设零工市场", "2022-12-31")])
    assert response.status_code == 302
    commitment = Commitment.objects.get()
    assert (commitment.description, commitment.due_on) == ("建设零工市场", date(2022, 12, 31))
    assert commitment.reply == Reply.objects.get() and commitment.proposal == in_handling


def test_rows_not_started_come_back_in_the_form_and_rows_under_way_are_kept(
    client, personas, in_handling, unit
):
    post_reply(client, personas, in_handling, unit, [("甲", "2022-12-31"), ("乙", "2022-11-30")])
    Commitment.objects.filter(description="乙").update(progress=40)
    page = client.get(reverse("proposal-reply", args=[in_handling.pk])).content.decode()
    assert 'value="甲"' in page and 'value="乙"' not in page
    assert "已在实施、不能在此修改的措施" in page
    reply = Reply.objects.get()
    post_reply(client, personas, in_handling, unit, [("丙", "2023-01-31")], reply.version)
    assert set(Commitment.objects.values_list("description", flat=True)) == {"乙", "丙"}


def test_without_an_app_for_measures_the_reply_form_has_none_and_still_saves(
    client, personas, in_handling, unit, monkeypatch
):
    for hook in (reply_commitment_forms, reply_saved, reply_checks):
        monkeypatch.setattr(hook, "_items", {})
    client.force_login(personas.unit_clerk)
    page = client.get(reverse("proposal-reply", args=[in_handling.pk])).content.decode()
    assert "起草答复" in page and 'id="commitments"' not in page
    response = post_reply(client, personas, in_handling, unit, [])
    assert response.status_code == 302
    assert Reply.objects.get().situation == "基本情况"


def rehandled_with_measures(client, personas, proposal, unit) -> Reply:
    """Round 1: a B reply promising three measures — one done, one under way, one not
    started — accepted; the member is dissatisfied, so round 2 starts."""
    post_reply(
        client,
        personas,
        proposal,
        unit,
        [
            ("建设零工市场", "2022-12-31"),
            ("开展线上招聘", "2022-10-31"),
            ("培训100人", "2022-11-30"),
        ],
    )
    actions.log_contact(
        personas.unit_clerk,
        proposal,
        unit=unit,
        method="phone",
        stage="before",
        contacted_on=date.today(),
        summary="电话听取意见",
    )
    reply = Reply.objects.get()
    reply = actions.sign_reply(personas.unit_head, reply, version=reply.version)
    reply = actions.submit_reply(personas.unit_clerk, reply, version=reply.version)
    actions.review_reply(personas.office, reply, version=reply.version, accept=True)
    Commitment.objects.filter(description="开展线上招聘").update(progress=100, status="done")
    Commitment.objects.filter(description="建设零工市场").update(progress=40)
    actions.submit_verdict(
        personas.member,
        fresh(proposal),
        version=fresh(proposal).version,
        contact_made=True,
        contact_method="电话",
        attitude="satisfied",
        on_target="yes",
        result="dissatisfied",
    )
    return reply


def test_round_two_starts_from_round_ones_open_measures_and_shows_each_once(
    client, personas, in_handling, unit
):
    from tian.supervision.commitments.queries import proposal_timeline

    first = rehandled_with_measures(client, personas, in_handling, unit)
    before = set(Commitment.objects.values_list("pk", flat=True))
    page = client.get(reverse("proposal-reply", args=[in_handling.pk])).content.decode()
    # Not started: back in the form to edit; under way: listed; done: stays with round one.
    assert 'value="培训100人"' in page and "已在实施、不能在此修改的措施" in page
    assert "建设零工市场" in page and "开展线上招聘" not in page
    assert "随本轮答复继续实施" in page

    post_reply(client, personas, fresh(in_handling), unit, [("培训100人", "2022-11-30")])

    second = Reply.objects.get(round=2)
    assert set(Commitment.objects.values_list("pk", flat=True)) == before
    assert set(second.commitments.values_list("description", flat=True)) == {
        "建设零工市场",
        "培训100人",
    }
    assert list(first.commitments.values_list("description", flat=True)) == ["开展线上招聘"]
    shown = [row.commitment.description for row in proposal_timeline(in_handling).rows]
    assert sorted(shown) == ["培训100人", "建设零工市场", "开展线上招聘"]
