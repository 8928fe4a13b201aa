"""The office's supervision list (督查督办一览): one page of what is late, waiting or stalled."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tian import policy
from tian.directory.models import Session, Unit
from tian.lib.http import int_param
from tian.supervision.oversight import queries

ROW_LIMIT = 20
SECTION_LIMIT = 500
ALL_SESSIONS = "all"


@login_required
def oversight(request: HttpRequest) -> HttpResponse:
    """Counts per section as cards, then each section's rows; `?section=` shows one in full."""
    policy.require(request.user, "oversight.view")
    today = timezone.localdate()
    sessions = list(Session.objects.select_related("body").order_by("-year", "-id"))
    choice = request.GET.get("session", "")
    chosen = next((s for s in sessions if s.slug == choice), None)
    if chosen is not None:
        session_ids: tuple[int, ...] | None = (chosen.pk,)
    elif choice == ALL_SESSIONS:
        session_ids = None
    else:
        choice = ""
        session_ids = tuple(queries.open_sessions().order_by("pk").values_list("pk", flat=True))
    units = list(Unit.objects.filter(is_active=True).order_by("name"))
    unit_id = int_param(request, "unit")
    unit = next((u for u in units if u.pk == unit_id), None)
    filters = queries.OversightFilters(session_ids, unit.pk if unit else None)
    only = request.GET.get("section")
    if only in queries.SECTION_KEYS:
        sections = queries.oversight_sections(today, filters, limit=SECTION_LIMIT, only=[only])
    else:
        only = None
        sections = queries.oversight_sections(today, filters, limit=ROW_LIMIT)
    query = request.GET.copy()
    query.pop("section", None)
    return render(
        request,
        "supervision/oversight/list.html",
        {
            "nav": "oversight",
            "today": today,
            "sections": sections,
            "only": only,
            "sessions": sessions,
            "session_choice": choice,
            "scope_sessions": [s for s in sessions if session_ids is None or s.pk in session_ids],
            "many_sessions": session_ids is None or len(session_ids) > 1,
            "units": units,
            "unit": unit,
            "query": query.urlencode(),
        },
    )
