"""Dashboard pages (统计分析): the whole session for the office, the proposal committee and
leaders; a unit's own figures for the unit. The numbers come from `figures` alone."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tian import policy
from tian.directory.models import Unit
from tian.lib.http import int_param
from tian.reports import dashboard


@login_required
def dashboard_view(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "dashboard.view")
    sessions = dashboard.sessions_with_proposals()
    session = dashboard.chosen_session(sessions, request.GET.get("session"))
    context = {"nav": "dashboard", "sessions": sessions, "session": session}
    if session is not None:
        context |= dashboard.office_dashboard(session, timezone.localdate())
    return render(request, "reports/dashboard.html", context)


@login_required
def unit_dashboard_view(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "dashboard.unit")
    asked = int_param(request, "unit")
    units = list(Unit.objects.filter(pk__in=request.user.unit_ids).order_by("name"))
    unit = next((u for u in units if u.pk == asked), units[0])
    policy.require(request.user, "dashboard.unit", unit.pk)
    sessions = dashboard.sessions_with_proposals()
    session = dashboard.chosen_session(sessions, request.GET.get("session"))
    context = {
        "nav": "dashboard",
        "sessions": sessions,
        "session": session,
        "unit": unit,
        "units": units,
    }
    if session is not None:
        context |= dashboard.unit_dashboard(session, unit.pk, timezone.localdate())
    return render(request, "reports/dashboard_unit.html", context)
