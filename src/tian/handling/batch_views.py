"""Batch assignment (批量交办): a session's filed proposals as a table for the office, each row
with its lead and co-units (the committee's proposal filled in), assigned all at once."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tian import policy
from tian.directory.models import Session
from tian.handling.actions import AssignmentRow, BatchRefused, assign_batch
from tian.handling.forms import BatchRowForm
from tian.handling.models import Assignment
from tian.handling.pickers import UnitOptions, initial_units, proposed_assignments
from tian.lib.errors import ActionError, ConflictError
from tian.lib.http import int_param, is_id, page_param, slug_param
from tian.proposals.models import Category, Proposal, Status
from tian.proposals.policy import visible_proposals
from tian.proposals.queries import current_session

PER_PAGE = 50


def _rows(queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """The proposals with what a row shows: category, proposer, the proposed units (each
    proposal once, whatever joins deciding who sees it repeat)."""
    queryset = Proposal.objects.filter(pk__in=queryset.values("pk"))
    return queryset.select_related("category", "lead_proposer").prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.select_related("unit"))
    )


def _form(request: HttpRequest, proposal: Proposal, options: UnitOptions) -> BatchRowForm:
    initial = initial_units(proposed_assignments(proposal)) | {"version": proposal.version}
    data = request.POST if request.method == "POST" else None
    return BatchRowForm(data, proposal=proposal, options=options, initial=initial)


@login_required
def assign_batch_page(request: HttpRequest) -> HttpResponse:
    """The office's batch assignment page: filter by session and category, tick, confirm."""
    policy.require(request.user, "assignment.assign")
    sessions = list(Session.objects.select_related("body").order_by("-year", "-id"))
    slug = slug_param(request, "session")
    session = next((s for s in sessions if s.slug == slug), None) or current_session()
    categories = list(Category.objects.filter(session=session)) if session else []
    category_id = int_param(request, "category")
    category = next((c for c in categories if c.pk == category_id), None)
    waiting = visible_proposals(request.user).filter(session=session, status=Status.FILED)
    if category is not None:
        waiting = waiting.filter(category=category)
    page = Paginator(_rows(waiting).order_by("number", "id"), PER_PAGE).get_page(
        page_param(request)
    )
    options = UnitOptions()
    problem = ""
    if request.method == "POST":
        # The rows the office saw when it confirmed, whatever happened to them since.
        ids = [int(v) for v in request.POST.getlist("rows") if is_id(v)]
        posted = _rows(visible_proposals(request.user).filter(pk__in=ids)).order_by("number")
        forms = [_form(request, p, options) for p in posted]
        problem, done = _confirm(request, forms)
        if done:
            messages.success(request, f"已交办{done}件提案,承办单位会收到通知。")
            return redirect(request.get_full_path())
    else:
        forms = [_form(request, p, options) for p in page]
    return render(
        request,
        "handling/assign_batch.html",
        {
            "forms": forms,
            "page": page,
            "sessions": sessions,
            "session": session,
            "categories": categories,
            "category": category,
            "problem": problem,
            "media": forms[0].media if forms else None,
            "nav": "assign-batch",
        },
    )


def _confirm(request: HttpRequest, forms: list[BatchRowForm]) -> tuple[str, int]:
    """Assign the ticked rows; (why the batch was refused, how many were assigned)."""
    picked = [form for form in forms if form.is_picked()]
    if not picked:
        return "请勾选要交办的提案。", 0
    if not all([form.is_valid() for form in picked]):
        return "请检查下方标出的提案。", 0
    rows = [
        AssignmentRow(form.proposal, form.cleaned_data["version"], **form.units())
        for form in picked
    ]
    try:
        done = assign_batch(request.user, rows)
    except BatchRefused as refused:
        for form in picked:
            error = refused.errors.get(form.proposal.pk)
            if error is not None:
                form.add_error(None, error.message)
                if isinstance(error, ConflictError):
                    _show_latest(form)
        return refused.message, 0
    except ActionError as error:
        return error.message, 0
    return "", len(done)


def _show_latest(form: BatchRowForm) -> None:
    """A row someone changed meanwhile: show it as it is now, so that confirming it again is
    a decision about what the office now sees; one assigned meanwhile can no longer be ticked."""
    latest = _rows(Proposal.objects.filter(pk=form.proposal.pk)).get()
    form.proposal = latest
    form.proposed = proposed_assignments(latest)
    form.joint_units = [a.unit for a in form.proposed if a.role == Assignment.Role.JOINT]
    data: Any = form.data.copy()
    data[form.add_prefix("version")] = str(latest.version)
    if latest.status != Status.FILED:
        data.pop(form.add_prefix("pick"), None)
    form.data = data
