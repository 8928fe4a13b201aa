"""Commitment pages (实施清单): the list for a unit or the office, one commitment with its
progress history, progress reports, sub-steps, evidence downloads and the Excel import."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tian import policy
from tian.audit.actions import record_download
from tian.directory.imports import SessionImportView
from tian.directory.models import Session, Unit
from tian.lib.errors import ActionError
from tian.lib.files import stored_file_response
from tian.lib.http import int_param, page_param
from tian.lib.previews import Preview
from tian.supervision.commitments import queries
from tian.supervision.commitments.actions import (
    ProgressImportReport,
    add_substep,
    import_progress,
    report_progress,
)
from tian.supervision.commitments.timeline import timeline_rows
from tian.supervision.models import Commitment, ProgressUpdate

PAGE_SIZE = 50
PREVIEW_KIND = "progress"


def _date_input() -> forms.DateInput:
    # A date input takes ISO dates only, whatever the locale's format.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgressForm(forms.Form):
    reported_on = forms.DateField(label="进展日期", widget=_date_input())
    progress = forms.IntegerField(
        label="完成进度(%)",
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": "进度应在 0 到 100 之间。",
            "max_value": "进度应在 0 到 100 之间。",
        },
    )
    note = forms.CharField(label="进展情况", widget=forms.Textarea(attrs={"rows": 4}))
    evidence = forms.FileField(
        label="佐证材料(可选)",
        required=False,
        help_text="PDF、图片(PNG/JPEG)、Word 或 Excel 文件。",
    )


class SubstepForm(forms.Form):
    description = forms.CharField(label="步骤内容", max_length=300)
    start_on = forms.DateField(label="开始日期", required=False, widget=_date_input())
    due_on = forms.DateField(label="完成时限", widget=_date_input())
    responsible_unit = forms.ModelChoiceField(
        label="责任单位", queryset=Unit.objects.all(), required=False, empty_label="(同上级措施)"
    )


def _commitment(pk: int, user: Any) -> Commitment:
    commitment = get_object_or_404(
        Commitment.objects.select_related("proposal__session", "responsible_unit", "parent"),
        pk=pk,
    )
    policy.require(user, "commitment.view", commitment)
    return commitment


@login_required
def commitment_list(request: HttpRequest) -> HttpResponse:
    """Office: every commitment; a unit: its own; filters by session, overdue and stalled."""
    policy.require(request.user, "commitment.list")
    today = timezone.localdate()
    sessions = list(Session.objects.select_related("body").order_by("-year", "-id"))
    session = next((s for s in sessions if s.slug == request.GET.get("session")), None)
    is_office = policy.can(request.user, "commitment.filter_by_unit")
    unit_id = int_param(request, "unit")
    filters = queries.CommitmentFilters(
        session=session,
        overdue=request.GET.get("overdue") == "1",
        stalled=request.GET.get("stalled") == "1",
        unit_id=unit_id if is_office else None,
    )
    rows = queries.commitment_list(request.user, filters, today)
    scope = queries.commitment_list(
        request.user, queries.CommitmentFilters(session=session, unit_id=filters.unit_id), today
    )
    page = Paginator(rows, PAGE_SIZE).get_page(page_param(request))
    view = "timeline" if request.GET.get("view") == "timeline" else "table"
    query = request.GET.copy()
    query.pop("page", None)
    switch = {}
    for name in ("table", "timeline"):
        query["view"] = name
        switch[name] = query.urlencode()
    context = {
        "nav": "commitments",
        "page": page,
        "rows": page.object_list,
        "counts": queries.counts(scope, today),
        "filters": filters,
        "sessions": sessions,
        "units": Unit.objects.order_by("name") if is_office else [],
        "is_office": is_office,
        "today": today,
        "stalled_days": queries.stalled_days(),
        "stalled_before": today - timedelta(days=queries.stalled_days()),
        "view": view,
        "switch": switch,
        "may_import": policy.can(request.user, "commitment.import"),
    }
    if view == "timeline":
        context["timeline"] = timeline_rows(page.object_list, today)
    return render(request, "supervision/commitments/list.html", context)


def _detail_context(request: HttpRequest, commitment: Commitment) -> dict[str, Any]:
    today = timezone.localdate()
    steps = list(
        queries.with_last_update(commitment.children.select_related("responsible_unit")).order_by(
            "due_on", "id"
        )
    )
    top = queries.with_last_update(Commitment.objects.filter(pk=commitment.pk)).get()
    top._prefetched_objects_cache = {"children": steps}
    may_report = (
        policy.can(request.user, "commitment.report", commitment)
        and commitment.status == Commitment.Status.OPEN
        and not steps
    )
    may_split = (
        policy.can(request.user, "commitment.add_substep", commitment)
        and commitment.status == Commitment.Status.OPEN
        and not commitment.parent_id
        and not (commitment.progress and not steps)
    )
    return {
        "nav": "commitments",
        "commitment": commitment,
        "proposal": commitment.proposal,
        "updates": commitment.updates.select_related("created_by").order_by("-reported_on", "-id"),
        "steps": steps,
        "timeline": timeline_rows([top], today),
        "today": today,
        "may_report": may_report,
        "may_split": may_split,
        "may_view_proposal": policy.can(request.user, "proposal.view", commitment.proposal),
        "progress_form": ProgressForm(
            initial={"reported_on": today, "progress": commitment.progress}
        ),
        "substep_form": SubstepForm(),
    }


@login_required
def commitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One commitment: its bar, its sub-steps, its dated progress with evidence, the forms."""
    commitment = _commitment(pk, request.user)
    return render(
        request, "supervision/commitments/detail.html", _detail_context(request, commitment)
    )


@login_required
@require_POST
def commitment_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The responsible unit reports progress; a refusal re-shows the form with what was typed."""
    commitment = _commitment(pk, request.user)
    policy.require(request.user, "commitment.report", commitment)
    form = ProgressForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            report_progress(
                request.user,
                commitment,
                reported_on=data["reported_on"],
                progress=data["progress"],
                note=data["note"],
                evidence=data["evidence"],
            )
        except ActionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"已记录进展:{data['progress']}%。")
            return redirect("commitment-detail", pk=commitment.pk)
    context = _detail_context(request, commitment) | {"progress_form": form}
    return render(request, "supervision/commitments/detail.html", context, status=400)


@login_required
@require_POST
def commitment_substep(request: HttpRequest, pk: int) -> HttpResponse:
    """Break a commitment into a sub-step (分解步骤)."""
    commitment = _commitment(pk, request.user)
    policy.require(request.user, "commitment.add_substep", commitment)
    form = SubstepForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            add_substep(
                request.user,
                commitment,
                description=data["description"],
                due_on=data["due_on"],
                start_on=data["start_on"],
                responsible_unit=data["responsible_unit"],
            )
        except ActionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "已添加步骤。")
            return redirect("commitment-detail", pk=commitment.pk)
    context = _detail_context(request, commitment) | {"substep_form": form}
    return render(request, "supervision/commitments/detail.html", context, status=400)


@login_required
def progress_evidence(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Download a progress update's evidence, for those who may view its commitment."""
    update = get_object_or_404(ProgressUpdate.objects.select_related("commitment__proposal"), pk=pk)
    policy.require(request.user, "progress.evidence", update)
    if not update.evidence:
        raise PermissionDenied("这条进展没有佐证材料。")
    record_download(
        request.user, update, proposal=update.commitment.proposal, name=update.evidence.name
    )
    suffix = Path(update.evidence.name).suffix
    return stored_file_response(
        update.evidence,
        filename=f"{update.commitment.proposal.number_label}佐证材料-{update.reported_on}{suffix}",
        content_type=update.evidence_type or None,
    )


class CommitmentImportView(SessionImportView):
    """The office uploads a progress sheet, sees a dry run, then confirms (all rows or none)."""

    permission = "commitment.import"
    kind = PREVIEW_KIND
    template = "supervision/commitments/import.html"
    url_name = "commitment-import"
    done_url_name = "commitment-list"
    nav = "commitments"

    def run(self, session: Session, preview: Preview, *, dry_run: bool) -> ProgressImportReport:
        return import_progress(
            preview.path, session=session, actor=self.request.user, dry_run=dry_run
        )
