"""The audit admin exports the events the log's filters select as an Excel workbook; the
export is itself an audit event, its cells are safe, and nobody else may take one."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from tests.conftest import login
from tian.audit.actions import record_event
from tian.audit.events import EventType
from tian.audit.models import AuditEvent, Outcome

pytestmark = pytest.mark.django_db

TODAY = "2022-10-20 10:00 +0800"


@pytest.fixture
def auditor(client, personas):
    with time_machine.travel("2022-10-09 08:00 +0800"):
        for username in ("member", "member", "office"):
            record_event(
                None,
                EventType.LOGIN_FAILED,
                message=f"账号“{username}”登录失败",
                outcome=Outcome.FAILURE,
                username=username,
            )
        record_event(personas.member, EventType.LOGIN, target=personas.member)
        record_event(personas.office, EventType.FILE_DOWNLOADED, message='=HYPERLINK("x","点")')
    with time_machine.travel(TODAY):
        login(client, personas.auditadmin)
        yield client


def exported(response) -> tuple[list, list[tuple]]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    return list(rows[0]), rows[1:]


@time_machine.travel(TODAY)
def test_the_export_holds_exactly_the_filtered_events_of_the_page(auditor):
    params = {"user": "member", "since": "2022-10-09", "until": "2022-10-09"}
    page = auditor.get(reverse("audit-log"), params)
    link = re.search(r'href="([^"]+)"[^>]*>导出Excel<', page.content.decode()).group(1)

    response = auditor.get(unescape(link))
    headers, rows = exported(response)

    listed = [e.pk for e in page.context["page"].object_list]
    assert len(listed) == 3
    assert headers[0] == "事件编号"
    assert [row[0] for row in rows] == listed
    assert response["Content-Disposition"] == "attachment; filename=audit-log-20221020.xlsx"


@time_machine.travel(TODAY)
def test_the_export_is_itself_an_audit_event_with_its_filters(auditor, personas):
    auditor.get(reverse("audit-export"), {"type": EventType.LOGIN_FAILED, "user": "member"})

    event = AuditEvent.objects.get(event_type=EventType.AUDIT_LOG_EXPORTED)
    assert event.actor == personas.auditadmin
    assert event.data == {
        "rows": 2,
        "filters": {"type": EventType.LOGIN_FAILED, "user": "member"},
    }


@time_machine.travel(TODAY)
def test_a_message_that_looks_like_a_formula_is_exported_as_text(auditor):
    response = auditor.get(reverse("audit-export"), {"type": EventType.FILE_DOWNLOADED})
    sheet = load_workbook(io.BytesIO(response.content)).active
    message = sheet.cell(row=3, column=11)

    assert message.value == '=HYPERLINK("x","点")'
    assert message.data_type == "s" and message.quotePrefix


@time_machine.travel(TODAY)
@pytest.mark.parametrize("who", ["office", "sysadmin", "secadmin"])
def test_nobody_but_the_audit_admin_may_export_the_log(client, personas, who):
    login(client, getattr(personas, who))
    assert client.get(reverse("audit-export")).status_code == 403
    assert not AuditEvent.objects.filter(event_type=EventType.AUDIT_LOG_EXPORTED).exists()
