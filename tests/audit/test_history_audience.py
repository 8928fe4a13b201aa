"""A proposal's history (办理记录) shows each person what is meant for them: proposers the
milestones without the office's comments, reasons or clerks' names; a co-unit its own part;
the lead unit its handling without the office's quality scores; staff everything."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from tests.audit.conftest import fresh, reply
from tian import policy
from tian.audit.events import AUDIENCES, EventType
from tian.directory.models import Leader
from tian.evaluation.actions import review_reply_quality
from tian.handling import actions
from tian.proposals.history import attach_units
from tian.proposals.models import Proposal
from tian.supervision.key.actions import select_key_proposal
from tian.supervision.reminders.notices import acknowledge_notice, issue_notice
from tian.supervision.reminders.sweep import send_due_reminders

pytestmark = pytest.mark.django_db

RETURN_COMMENT = "措施不够具体,请补充资金来源"
EXTENSION_REASON = "需等待区财政预算批复"
CO_OPINION_UNIT = "财政局"
NOTICE_ANSWER = "已召开专题会研究落实"
QUALITY = "答复评为"


@pytest.fixture
def handled(personas: Any, filed: Proposal, unit: Any, co_unit: Any) -> Proposal:
    """Assigned to 人社局 with 财政局 as co-unit; contact, co-opinion, an extension with a
    reason, a reminder, a 督办单 answered, a reply returned with a comment, rated, accepted."""
    with time_machine.travel(date(2022, 3, 1)):
        actions.assign_proposal(
            personas.office, filed, version=filed.version, lead=unit, co=[co_unit]
        )
    with time_machine.travel(date(2022, 6, 20)):
        _handle(personas, fresh(filed), unit, co_unit)
    return fresh(filed)


def _handle(personas: Any, proposal: Proposal, unit: Any, co_unit: Any) -> None:
    actions.accept_assignment(personas.unit_clerk, proposal, version=proposal.version)
    actions.log_contact(
        personas.unit_clerk,
        proposal,
        unit=unit,
        method="visit",
        stage="during",
        contacted_on=date(2022, 3, 10),
        summary="登门面商",
    )
    actions.submit_co_opinion(personas.co_clerk, proposal, unit=co_unit, text="资金已列入预算。")
    actions.extend_deadline(
        personas.office, proposal, new_due_on=date(2022, 7, 1), reason=EXTENSION_REASON
    )
    send_due_reminders(date(2022, 7, 20))
    with time_machine.travel(date(2022, 7, 20)):
        _supervise_and_reply(personas, proposal, unit)


def _supervise_and_reply(personas: Any, proposal: Proposal, unit: Any) -> None:
    notice = issue_notice(
        personas.office,
        proposal,
        unit=unit,
        content="请加快办理进度。",
        respond_by=date(2022, 8, 1),
    )
    acknowledge_notice(personas.unit_clerk, notice, response=NOTICE_ANSWER)
    submitted = reply(personas, proposal, unit)
    actions.review_reply(
        personas.office, submitted, version=submitted.version, accept=False, comment=RETURN_COMMENT
    )
    submitted = reply(personas, proposal, unit)
    review_reply_quality(personas.office, submitted, level="good")
    actions.review_reply(personas.office, submitted, version=submitted.version, accept=True)


def history(client: Any, user: Any, proposal: Proposal) -> str:
    client.force_login(user)
    response = client.get(reverse("proposal-detail", args=[proposal.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    return page[page.index("办理记录") :]


def test_the_scenario_recorded_every_internal_record_the_history_must_guard(
    handled: Proposal,
) -> None:
    types = set(handled.events.values_list("event_type", flat=True))
    assert {
        EventType.REPLY_RETURNED,
        EventType.DEADLINE_EXTENDED,
        EventType.REMINDER_SENT,
        EventType.NOTICE_ISSUED,
        EventType.NOTICE_ACKNOWLEDGED,
        EventType.REPLY_QUALITY_REVIEWED,
        EventType.CO_OPINION_SUBMITTED,
    } <= types


@pytest.mark.parametrize("who", ["member", "cosigner"])
def test_proposers_see_the_milestones_without_internal_records_or_clerks_names(
    client: Any, personas: Any, handled: Proposal, who: str
) -> None:
    page = history(client, getattr(personas, who), handled)

    for milestone in [
        "提交提案",
        "立案",
        "交办",
        "答复审核通过",
        "延期",
        "答复期限延至2022年7月1日",
    ]:
        assert milestone in page, milestone
    for internal in [
        RETURN_COMMENT,
        "答复退回修改",
        EXTENSION_REASON,
        "督字",
        NOTICE_ANSWER,
        "催办",
        QUALITY,
        "提交协办意见",
        "拟定承办单位",
    ]:
        assert internal not in page, internal
    for clerk in ["督查室刘科长", "提案委张干事", "人社局联络员", "人社局局长"]:
        assert clerk not in page, clerk
    assert "政府办督查室" in page


def test_a_co_unit_sees_its_own_part_but_not_the_lead_units_records(
    client: Any, personas: Any, handled: Proposal
) -> None:
    page = history(client, personas.co_clerk, handled)

    assert "交办" in page and "提交协办意见" in page
    for internal in [RETURN_COMMENT, "督字", NOTICE_ANSWER, QUALITY, "发送给"]:
        assert internal not in page, internal


def test_the_lead_unit_sees_its_handling_but_not_the_offices_quality_score(
    client: Any, personas: Any, handled: Proposal
) -> None:
    page = history(client, personas.unit_clerk, handled)

    for own in [RETURN_COMMENT, EXTENSION_REASON, "督字", NOTICE_ANSWER, "催办", "提交协办意见"]:
        assert own in page, own
    assert QUALITY not in page


def test_staff_see_the_whole_history(client: Any, personas: Any, handled: Proposal) -> None:
    page = history(client, personas.office, handled)

    for record in [
        RETURN_COMMENT,
        EXTENSION_REASON,
        "督字",
        NOTICE_ANSWER,
        QUALITY,
        "督查室刘科长",
    ]:
        assert record in page, record


def test_every_event_type_has_an_audience() -> None:
    assert set(EventType.values) <= set(AUDIENCES)


def test_a_key_proposals_leader_follows_the_handling_but_not_the_offices_internal_records(
    client: Any, personas: Any, handled: Proposal
) -> None:
    chair = Leader.objects.create(name="钱主席", title="政协主席", organisation="cppcc")
    select_key_proposal(
        personas.office,
        handled,
        reason="事关稳就业",
        lead_leader=personas.leader.leader,
        supervisors=[chair],
    )

    page = history(client, personas.leader, handled)

    for seen in ["交办", "提交协办意见", EXTENSION_REASON, "确定重点提案"]:
        assert seen in page, seen
    for internal in [RETURN_COMMENT, "督字", NOTICE_ANSWER, QUALITY, "发送给"]:
        assert internal not in page, internal


def test_the_rule_decides_one_event_alike_for_the_page_and_for_other_callers(
    personas: Any, handled: Proposal
) -> None:
    returned = handled.events.get(event_type=EventType.REPLY_RETURNED)

    assert policy.can(personas.unit_clerk, "history.view_event", (handled, returned))
    assert not policy.can(personas.co_clerk, "history.view_event", (handled, returned))
    assert not policy.can(personas.member, "history.view_event", (handled, returned))
    assert policy.can(personas.office, "history.view_event", (handled, returned))


def test_an_event_on_a_units_record_names_that_unit_even_when_its_data_does_not(
    handled: Proposal, unit: Any, co_unit: Any
) -> None:
    events = [e for e in handled.events.all() if e.object_type.split(".")[0] != "proposals"]
    for event in events:
        event.data = {k: v for k, v in (event.data or {}).items() if k != "unit"}
    attach_units(events)
    concerned = {e.object_type: e.concerned_unit_id for e in events if e.concerned_unit_id}
    assert concerned == {
        "handling.contact": unit.pk,
        "handling.coopinion": co_unit.pk,
        "handling.reply": unit.pk,
        "supervision.reminder": unit.pk,
        "supervision.supervisionnotice": unit.pk,
    }
