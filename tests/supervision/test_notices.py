"""Supervision notices (督办单): the office issues, the addressed unit acknowledges and answers."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tian.audit.events import EventType
from tian.audit.models import AuditEvent
from tian.handling.models import Assignment
from tian.lib.errors import ActionError
from tian.notifications.models import Notification
from tian.proposals.models import Proposal, Status
from tian.supervision.models import SupervisionNotice
from tian.supervision.reminders.notices import acknowledge_notice, issue_notice

pytestmark = pytest.mark.django_db

TODAY = date(2023, 5, 10)


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(date(2023, 5, 10), tick=False) as traveller:
        yield traveller


@pytest.fixture
def handled(personas: Any, session: Any, unit: Any) -> Proposal:
    proposal = Proposal.objects.create(
        session=session,
        number=12,
        title="关于加强灵活就业人员社保服务的建议",
        lead_proposer=personas.member.proposer,
        status=Status.HANDLING,
    )
    Assignment.objects.create(
        proposal=proposal, unit=unit, assigned_on=date(2023, 3, 1), deadline_from=date(2023, 3, 1)
    )
    return proposal


def issue(personas: Any, proposal: Proposal, unit: Any, **kw: Any) -> SupervisionNotice:
    return issue_notice(
        personas.office,
        proposal,
        unit=unit,
        content=kw.pop("content", "请主要负责同志亲自过问,按期答复。"),
        respond_by=kw.pop("respond_by", date(2023, 5, 20)),
        **kw,
    )


def test_notices_are_numbered_in_turn_within_a_year(personas, handled, unit):
    first = issue(personas, handled, unit)
    second = issue(personas, handled, unit)
    assert (first.number_label, second.number_label) == ("督字〔2023〕第1号", "督字〔2023〕第2号")


def test_numbering_starts_again_in_a_new_year(personas, handled, unit, frozen):
    issue(personas, handled, unit)
    frozen.move_to(date(2024, 1, 3))
    assert issue(personas, handled, unit, respond_by=date(2024, 1, 10)).number == 1


def test_issuing_tells_the_units_clerks_and_leaders(personas, handled, unit):
    notice = issue(personas, handled, unit)
    told = set(Notification.objects.filter(kind="notice").values_list("recipient", flat=True))
    assert told == {personas.unit_clerk.pk, personas.unit_head.pk}
    assert Notification.objects.filter(url=f"/notices/{notice.pk}/").count() == 2


def test_issuing_is_audited(personas, handled, unit):
    notice = issue(personas, handled, unit)
    event = AuditEvent.objects.get(event_type=EventType.NOTICE_ISSUED)
    assert (event.proposal, event.actor, event.object_id) == (
        handled,
        personas.office,
        str(notice.pk),
    )


def test_only_the_office_may_issue_a_notice(personas, handled, unit):
    with pytest.raises(PermissionDenied):
        issue_notice(
            personas.clerk, handled, unit=unit, content="督办", respond_by=date(2023, 5, 20)
        )


def test_a_notice_goes_only_to_a_unit_handling_the_proposal(personas, handled, other_unit):
    with pytest.raises(ActionError, match="不是这件提案的承办单位"):
        issue(personas, handled, other_unit)


def test_a_notice_cannot_ask_for_an_answer_in_the_past(personas, handled, unit):
    with pytest.raises(ActionError, match="反馈期限"):
        issue(personas, handled, unit, respond_by=date(2023, 5, 9))


def test_the_unit_acknowledges_with_its_answer_and_the_issuer_is_told(personas, handled, unit):
    notice = issue(personas, handled, unit)
    acknowledge_notice(personas.unit_clerk, notice, response="已安排专人办理,5月18日前答复。")
    notice.refresh_from_db()
    assert notice.acknowledged_by == personas.unit_clerk
    assert notice.response == "已安排专人办理,5月18日前答复。"
    told = Notification.objects.filter(recipient=personas.office, kind="notice").get()
    assert "已签收督办单督字〔2023〕第1号" in told.title


def test_acknowledging_is_audited(personas, handled, unit):
    notice = issue(personas, handled, unit)
    acknowledge_notice(personas.unit_head, notice, response="收到")
    assert AuditEvent.objects.filter(
        event_type=EventType.NOTICE_ACKNOWLEDGED, actor=personas.unit_head
    ).exists()


def test_a_notice_is_acknowledged_only_once(personas, handled, unit):
    notice = issue(personas, handled, unit)
    acknowledge_notice(personas.unit_clerk, notice, response="收到")
    with pytest.raises(ActionError, match="已于"):
        acknowledge_notice(personas.unit_head, notice, response="再次签收")


def test_acknowledging_needs_an_answer(personas, handled, unit):
    notice = issue(personas, handled, unit)
    with pytest.raises(ActionError, match="办理反馈"):
        acknowledge_notice(personas.unit_clerk, notice, response="  ")


def test_another_unit_cannot_acknowledge(personas, handled, unit):
    notice = issue(personas, handled, unit)
    with pytest.raises(PermissionDenied):
        acknowledge_notice(personas.co_clerk, notice, response="收到")


def test_the_office_issues_through_the_page(client, personas, handled, unit):
    client.force_login(personas.office)
    response = client.post(
        reverse("notice-issue", kwargs={"pk": handled.pk}),
        {"unit": unit.pk, "content": "请按期答复。", "respond_by": "2023-05-20"},
    )
    notice = SupervisionNotice.objects.get()
    assert response.url == reverse("notice-detail", kwargs={"pk": notice.pk})


def test_the_unit_acknowledges_through_the_page(client, personas, handled, unit):
    notice = issue(personas, handled, unit)
    client.force_login(personas.unit_head)
    client.post(reverse("notice-acknowledge", kwargs={"pk": notice.pk}), {"response": "收到"})
    page = client.get(reverse("notice-detail", kwargs={"pk": notice.pk})).content.decode()
    assert "已签收" in page and "收到" in page


def test_the_list_shows_unacknowledged_notices_first(client, personas, handled, unit):
    answered = issue(personas, handled, unit)
    pending = issue(personas, handled, unit)
    acknowledge_notice(personas.unit_clerk, answered, response="收到")
    client.force_login(personas.office)
    page = client.get(reverse("notice-list")).content.decode()
    assert page.index(pending.number_label) < page.index(answered.number_label)


def test_a_unit_lists_only_the_notices_addressed_to_it(client, personas, handled, unit):
    co_unit = personas.co_clerk.role_assignments.get().unit
    Assignment.objects.create(proposal=handled, unit=co_unit, role=Assignment.Role.CO)
    mine = issue(personas, handled, unit)
    theirs = issue(personas, handled, co_unit)
    client.force_login(personas.unit_clerk)
    page = client.get(reverse("notice-list")).content.decode()
    assert mine.number_label in page and theirs.number_label not in page
