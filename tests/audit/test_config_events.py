"""Workflow, grade and calendar edits in the admin site are recorded, before and after."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.conftest import login
from tian.audit.events import EventType
from tian.audit.models import AuditEvent
from tian.handling.models import CalendarDay
from tian.workflow.fixture import sync_workflows
from tian.workflow.models import Transition, Workflow

pytestmark = pytest.mark.django_db


def form_data(response: Any) -> dict[str, Any]:
    """What the admin change page would post back unchanged: the form and its inlines."""
    data: dict[str, Any] = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms.append(formset.management_form)
        forms.extend(formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if value is None or value is False:
                continue
            key = form.add_prefix(name)
            data[key] = field.widget.format_value(value) if isinstance(value, list) else value
    return data


def test_editing_a_workflow_step_in_the_admin_records_it_before_and_after(
    client: Any, personas: Any
) -> None:
    if not Workflow.objects.exists():
        sync_workflows(Workflow, Transition, replace=False)
    workflow = Workflow.objects.get(slug="default-cppcc")
    url = reverse("admin:workflow_workflow_change", args=[workflow.pk])
    login(client, personas.sysadmin)
    data = form_data(client.get(url))
    index = next(
        i for i, t in enumerate(workflow.transitions.order_by("order", "id")) if t.code == "file"
    )
    data[f"transitions-{index}-label"] = "批准立案"

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(event_type=EventType.CONFIG_CHANGED)
    assert event.actor_username == "sysadmin"
    assert (event.object_type, event.object_id) == ("workflow.workflow", str(workflow.pk))
    before = {t["code"]: t["label"] for t in event.data["before"]["transitions"]}
    after = {t["code"]: t["label"] for t in event.data["after"]["transitions"]}
    assert (before["file"], after["file"]) == ("立案", "批准立案")


def test_adding_and_deleting_a_calendar_day_is_recorded(client: Any, personas: Any) -> None:
    login(client, personas.sysadmin)

    client.post(
        reverse("admin:handling_calendarday_add"),
        {"date": "2030-10-08", "is_workday": "on", "note": "调休上班"},
    )
    day = CalendarDay.objects.get(date="2030-10-08")
    client.post(reverse("admin:handling_calendarday_delete", args=[day.pk]), {"post": "yes"})

    added = AuditEvent.objects.get(event_type=EventType.CONFIG_CHANGED)
    assert added.data["before"] is None
    assert added.data["after"]["note"] == "调休上班"
    deleted = AuditEvent.objects.get(event_type=EventType.CONFIG_DELETED)
    assert deleted.data["before"]["date"] == "2030-10-08"
