"""The audit admin narrows the log by date range, person, proposal, event type and outcome;
the filters stay in force over the pages, and a value the log cannot read is a 400 naming
its parameter."""

from __future__ import annotations

import re
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from tests.conftest import login
from tian.audit.actions import record_event
from tian.audit.events import EventType
from tian.audit.models import AuditEvent, Outcome
from tian.proposals.models import Proposal, Status

pytestmark = pytest.mark.django_db

TODAY = "2022-10-20 10:00 +0800"


@pytest.fixture
def proposal(session, personas):
    return Proposal.objects.create(
        session=session,
        number=3,
        title="关于优化营商环境的建议",
        lead_proposer=personas.member.proposer,
        status=Status.FILED,
    )


@pytest.fixture
def events(personas, proposal):
    """Four events over nine days of October 2022, by name."""
    made = {}
    with time_machine.travel("2022-10-01 09:00 +0800"):
        made["login"] = record_event(personas.member, EventType.LOGIN, target=personas.member)
    with time_machine.travel("2022-10-05 23:30 +0800"):
        made["filed"] = record_event(
            personas.clerk, EventType.PROPOSAL_FILED, proposal=proposal, target=proposal
        )
    with time_machine.travel("2022-10-09 08:00 +0800"):
        made["failed"] = record_event(
            None,
            EventType.LOGIN_FAILED,
            message="账号“member”登录失败",
            outcome=Outcome.FAILURE,
            username="member",
        )
        made["export"] = record_event(
            personas.office, EventType.LEDGER_EXPORTED, message="test-2022-ledger.xlsx"
        )
    return made


def shown(client, **params) -> set[int]:
    response = client.get(reverse("audit-log"), params)
    assert response.status_code == 200
    return {event.pk for event in response.context["page"].object_list}


@pytest.fixture
def auditor(client, personas, events):
    with time_machine.travel(TODAY):
        login(client, personas.auditadmin)
        yield client


def ids(events, *names: str) -> set[int]:
    return {events[name].pk for name in names}


@time_machine.travel(TODAY)
def test_a_date_range_keeps_the_events_of_those_days_both_ends_included(auditor, events):
    assert shown(auditor, since="2022-10-02", until="2022-10-05") == ids(events, "filed")
    assert shown(auditor, until="2022-10-01") == ids(events, "login")
    assert shown(auditor, since="2022-10-09", until="2022-10-09") == ids(events, "failed", "export")


@time_machine.travel(TODAY)
def test_a_person_is_what_they_did_and_the_failed_sign_ins_of_their_username(auditor, events):
    assert shown(auditor, user="member") == ids(events, "login", "failed")
    assert shown(auditor, user="office") == ids(events, "export")
    assert shown(auditor, user="nobody") == set()


@time_machine.travel(TODAY)
def test_a_proposal_is_found_by_its_number_or_its_id(auditor, events, proposal):
    assert shown(auditor, proposal="第3号") == ids(events, "filed")
    assert shown(auditor, proposal="3号") == ids(events, "filed")
    assert shown(auditor, proposal=str(proposal.pk)) == ids(events, "filed")
    assert shown(auditor, proposal="第4号") == set()


@time_machine.travel(TODAY)
def test_event_type_outcome_and_dates_narrow_together(auditor, events):
    assert shown(auditor, type=EventType.LOGIN_FAILED) == ids(events, "failed")
    assert shown(auditor, outcome="failure", since="2022-10-09") == ids(events, "failed")
    assert shown(auditor, type=EventType.LOGIN, user="member", since="2022-10-02") == set()


@time_machine.travel(TODAY)
@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"since": "2022-13-01"}, "since"),
        ({"until": "10/09/2022"}, "until"),
        ({"since": "2022-10-09", "until": "2022-10-01"}, "until"),
        ({"user": "no body"}, "user"),
        ({"proposal": "第三号"}, "proposal"),
        ({"type": "made.up"}, "type"),
        ({"outcome": "maybe"}, "outcome"),
        ({"page": "x"}, "page"),
    ],
)
def test_a_value_the_log_cannot_read_is_a_400_naming_it(auditor, params, named):
    # The export takes every page: it reads no page number.
    urls = (
        [reverse("audit-log")]
        if named == "page"
        else [reverse("audit-log"), reverse("audit-export")]
    )
    for url in urls:
        response = auditor.get(url, params)
        assert response.status_code == 400, (url, params)
        assert f"“{named}”" in response.content.decode()


@time_machine.travel(TODAY)
def test_the_filters_are_kept_on_every_page(auditor, personas):
    for _ in range(105):
        record_event(personas.office, EventType.FILE_DOWNLOADED, message="附件.pdf")
    first = auditor.get(reverse("audit-log"), {"type": EventType.FILE_DOWNLOADED, "user": "office"})
    page = first.content.decode()
    next_link = unescape(re.search(r'<a href="([^"]+)" rel="next">', page).group(1))
    second = auditor.get(reverse("audit-log") + next_link)

    assert "type=file.downloaded" in next_link and "user=office" in next_link
    assert second.context["page"].number == 2
    assert len(second.context["page"].object_list) == 5
    assert {e.event_type for e in second.context["page"].object_list} == {"file.downloaded"}


@time_machine.travel(TODAY)
def test_the_form_shows_the_filters_in_force(auditor):
    page = auditor.get(
        reverse("audit-log"), {"since": "2022-10-02", "user": "member", "proposal": "第3号"}
    ).content.decode()
    assert 'name="since" value="2022-10-02"' in page
    assert 'name="user" value="member"' in page
    assert 'name="proposal" value="第3号"' in page


def test_the_log_writes_nothing_when_it_is_read(auditor):
    before = AuditEvent.objects.count()
    auditor.get(reverse("audit-log"), {"user": "member"})
    assert AuditEvent.objects.count() == before
