"""Unit evaluation pages (考核): the ranked table, its Excel export, the scheme, reply ratings."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from tian import policy
from tian.audit.actions import record_export
from tian.audit.events import EventType
from tian.directory.models import Session
from tian.evaluation import actions, scoring
from tian.evaluation.export import write_workbook
from tian.evaluation.forms import QualityForm, SchemeForm
from tian.evaluation.models import ReplyReview
from tian.handling.models import Reply
from tian.lib.errors import ActionError
from tian.lib.http import slug_param

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sessions():
    return Session.objects.select_related("body").order_by("-year", "-id")


def _session(slug: str) -> Session:
    return get_object_or_404(Session.objects.select_related("body"), slug=slug)


@login_required
def evaluation_home(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "evaluation.view")
    sessions = _sessions()
    chosen = slug_param(request, "session")
    session = sessions.filter(slug=chosen).first() if chosen else None
    session = session or sessions.first()
    if session is None:
        raise Http404("还没有设立会议。")
    return redirect("evaluation-table", slug=session.slug)


@login_required
def evaluation_table(request: HttpRequest, slug: str) -> HttpResponse:
    policy.require(request.user, "evaluation.view")
    session = _session(slug)
    evaluation = scoring.evaluate(session)
    return render(
        request,
        "evaluation/table.html",
        {
            "evaluation": evaluation,
            "session": session,
            "sessions": _sessions(),
            "own_units": request.user.unit_ids,
            "may_export": policy.can(request.user, "evaluation.export"),
            "may_edit": policy.can(request.user, "evaluation.edit_scheme", evaluation.scheme),
            "nav": "evaluation",
        },
    )


@login_required
def evaluation_export(request: HttpRequest, slug: str) -> HttpResponse:
    policy.require(request.user, "evaluation.export")
    session = _session(slug)
    stream = io.BytesIO()
    write_workbook(scoring.evaluate(session), stream)
    response = HttpResponse(stream.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename={session.slug}-evaluation.xlsx"
    record_export(
        request.user,
        EventType.EVALUATION_EXPORTED,
        target=session,
        name=f"{session.slug}-evaluation.xlsx",
    )
    return response


@login_required
def evaluation_scheme(request: HttpRequest, slug: str) -> HttpResponse:
    policy.require(request.user, "evaluation.view")
    session = _session(slug)
    scheme = actions.ensure_scheme(session)
    may_edit = policy.can(request.user, "evaluation.edit_scheme", scheme)
    criteria = list(scheme.criteria.order_by("order", "id"))
    if request.method == "POST":
        policy.require(request.user, "evaluation.edit_scheme", scheme)
        form = SchemeForm(criteria, request.POST)
        if form.is_valid():
            try:
                actions.update_scheme(
                    request.user,
                    scheme,
                    weights=form.weights(),
                    version=form.cleaned_data["version"],
                )
            except ActionError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "考核方案已保存,排名已按新分值重新计算。")
                return redirect("evaluation-table", slug=session.slug)
    else:
        form = SchemeForm(criteria, initial={"version": scheme.version})
    return render(
        request,
        "evaluation/scheme.html",
        {
            "session": session,
            "scheme": scheme,
            "form": form,
            "may_edit": may_edit,
            "notes": scoring.RULE_NOTES,
            "total_points": actions.TOTAL_POINTS,
            "nav": "evaluation",
        },
    )


@login_required
def reply_quality(request: HttpRequest, pk: int) -> HttpResponse:
    reply = get_object_or_404(
        Reply.objects.select_related("proposal__session__body", "unit", "grade", "signer"), pk=pk
    )
    policy.require(request.user, "evaluation.review_quality", reply)
    review = ReplyReview.objects.select_related("reviewer").filter(reply=reply).first()
    initial = {"level": review.level, "comment": review.comment} if review else None
    form = QualityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            review = actions.review_reply_quality(
                request.user,
                reply,
                level=form.cleaned_data["level"],
                comment=form.cleaned_data["comment"],
            )
        except ActionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                f"已将{reply.unit}对{reply.proposal.number_label}的答复评为"
                f"“{review.get_level_display()}”。",
            )
            return redirect(reverse("proposal-detail", args=[reply.proposal_id]) + f"#reply-{pk}")
    return render(
        request,
        "evaluation/reply_quality.html",
        {
            "reply": reply,
            "proposal": reply.proposal,
            "review": review,
            "form": form,
            "nav": "evaluation",
        },
    )
