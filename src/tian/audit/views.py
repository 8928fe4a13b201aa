"""The audit log page (审计日志), for the audit admin only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tian import policy
from tian.audit.events import EventType
from tian.audit.models import AuditEvent, Outcome
from tian.lib.http import page_param


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "audit.view")
    events = AuditEvent.objects.select_related("actor", "proposal").order_by("-created_at", "-id")
    event_type = request.GET.get("type", "")
    if event_type in EventType.values:
        events = events.filter(event_type=event_type)
    outcome = request.GET.get("outcome", "")
    if outcome in Outcome.values:
        events = events.filter(outcome=outcome)
    page = Paginator(events, 100).get_page(page_param(request))
    return render(
        request,
        "audit/log.html",
        {
            "page": page,
            "types": EventType.choices,
            "type": event_type,
            "outcomes": Outcome.choices,
            "outcome": outcome,
            "nav": "audit",
        },
    )
