"""Pages of the annual report (年度办理情况报告): pick a session, download, edit the office's
text, follow a background rendering, flag example proposals."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from tian import policy
from tian.audit.actions import record_export
from tian.audit.events import EventType
from tian.directory.models import Session
from tian.lib.errors import ActionError
from tian.proposals.models import Proposal
from tian.reports import actions
from tian.reports.annual import build_report, report_text
from tian.reports.forms import ReportTextForm
from tian.reports.models import ReportFile
from tian.reports.render import FORMATS, filename
from tian.reports.render import render as render_report

RECENT_FILES = 5
TEXT_ONLY = ("title", "problems", "closing")


@login_required
def report_home(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "report.download")
    sessions = list(Session.objects.select_related("body").order_by("-year", "body__name", "pk"))
    files = {}
    for job in ReportFile.objects.filter(session__in=sessions).order_by("-requested_at", "-pk")[
        : RECENT_FILES * 4
    ]:
        files.setdefault(job.session_id, []).append(job)
    rows = [
        {"session": s, "text": report_text(s), "files": files.get(s.pk, [])[:RECENT_FILES]}
        for s in sessions
    ]
    return render(
        request,
        "reports/report_home.html",
        {
            "rows": rows,
            "formats": FORMATS.values(),
            "may_edit": policy.can(request.user, "report.edit"),
            "nav": "report",
        },
    )


@login_required
def report_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    policy.require(request.user, "report.download")
    session = get_object_or_404(Session, slug=slug)
    if fmt not in FORMATS:
        raise Http404("没有这种格式。")
    if FORMATS[fmt].background:
        if request.method != "POST":
            return redirect("report-home")
        job = actions.request_report_file(request.user, session, fmt)
        return redirect("report-status", pk=job.pk)
    report = build_report(session)
    data = render_report(report, fmt)
    response = HttpResponse(data, content_type=FORMATS[fmt].content_type)
    if fmt != "html" or "download" in request.GET:
        response["Content-Disposition"] = content_disposition_header(True, filename(report, fmt))
    record_export(
        request.user, EventType.REPORT_DOWNLOADED, target=session, name=filename(report, fmt)
    )
    return response


@login_required
def report_status(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, "report.download")
    job = get_object_or_404(ReportFile.objects.select_related("session__body"), pk=pk)
    template = "reports/report_status_panel.html" if request.htmx else "reports/report_status.html"
    return render(request, template, {"job": job, "nav": "report"})


@login_required
def report_file(request: HttpRequest, pk: int) -> FileResponse:
    policy.require(request.user, "report.download")
    job = get_object_or_404(ReportFile, pk=pk, status=ReportFile.Status.DONE)
    if not job.file:
        raise Http404("文件不存在。")
    record_export(request.user, EventType.REPORT_DOWNLOADED, target=job, name=job.file.name)
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=job.file.name.rsplit("/", 1)[-1],
        content_type=FORMATS[job.format].content_type if job.format in FORMATS else None,
    )


@login_required
def report_edit(request: HttpRequest, slug: str) -> HttpResponse:
    policy.require(request.user, "report.edit")
    session = get_object_or_404(Session.objects.select_related("body"), slug=slug)
    text = report_text(session)
    form = ReportTextForm(request.POST or None, instance=text)
    if request.method == "POST" and form.is_valid():
        actions.save_report_text(
            request.user, session, **{name: form.cleaned_data[name] for name in form.fields}
        )
        messages.success(request, "年度办理情况报告已保存。")
        return redirect("report-home")
    return render(
        request,
        "reports/report_edit.html",
        {
            "session": session,
            "form": form,
            "text_fields": [form[name] for name in TEXT_ONLY],
            "header_fields": [form[name] for name in form.fields if name not in TEXT_ONLY],
            "report": build_report(session),
            "nav": "report",
        },
    )


@login_required
@require_POST
def proposal_report_example(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(Proposal, pk=pk)
    policy.require(request.user, "report.flag_example", proposal)
    policy.require(request.user, "proposal.view", proposal)  # not someone's draft
    flag = request.POST.get("flag", "1" if not proposal.is_report_example else "0") == "1"
    try:
        actions.set_report_example(request.user, proposal, flag)
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, "已设为年度报告典型事例。" if flag else "已取消年度报告典型事例。"
        )
    return redirect("proposal-detail", pk=proposal.pk)
