"""The audit log page (审计日志) and its export, for the audit admin only."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tian import policy
from tian.audit.actions import record_export
from tian.audit.browse import (
    EXPORT_MAX,
    export_events,
    export_title,
    filtered_events,
    read_filter,
)
from tian.audit.events import EventType
from tian.audit.models import Outcome
from tian.lib.http import BadParameter, page_param
from tian.lib.uploads import XLSX

PAGE_SIZE = 100


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "audit.view")
    log_filter = read_filter(request)
    events = filtered_events(log_filter)
    page = Paginator(events, PAGE_SIZE).get_page(page_param(request))
    export_query = request.GET.copy()
    export_query.pop("page", None)
    return render(
        request,
        "audit/log.html",
        {
            "page": page,
            "filter": log_filter,
            "proposal": request.GET.get("proposal", "").strip(),
            "types": EventType.choices,
            "outcomes": Outcome.choices,
            "export_query": export_query.urlencode(),
            "nav": "audit",
        },
    )


@login_required
def audit_export(request: HttpRequest) -> HttpResponse:
    """The events the page's filters select, all of them, as an Excel workbook; the export
    is itself written to the log."""
    policy.require(request.user, "audit.export")
    log_filter = read_filter(request)
    events = filtered_events(log_filter)
    count = events.count()
    if count > EXPORT_MAX:
        raise BadParameter(
            f"筛选出的审计事件共{count}条,超过一次导出的上限{EXPORT_MAX}条。"
            "请缩小日期范围分段导出;归档整段日志请用 tian audit export。"
        )
    today = timezone.localdate()
    stream = io.BytesIO()
    written = export_events(events, stream, title=export_title(log_filter, today))
    name = f"audit-log-{today:%Y%m%d}.xlsx"
    record_export(
        request.user,
        EventType.AUDIT_LOG_EXPORTED,
        target=None,
        name=name,
        rows=written,
        filters=log_filter.as_data(),
    )
    response = HttpResponse(stream.getvalue(), content_type=XLSX.content_type)
    response["Content-Disposition"] = f"attachment; filename={name}"
    return response
