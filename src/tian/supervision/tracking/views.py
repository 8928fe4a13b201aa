"""The cross-year tracking list (跨年度跟踪督办) and its inline reports, verdicts and closings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from tian import policy
from tian.directory.models import Session
from tian.handling.models import Assignment, Verdict
from tian.lib.errors import ActionError
from tian.lib.http import slug_param
from tian.proposals.queries import current_session
from tian.supervision.models import Tracking, counted_q, totals
from tian.supervision.policy import visible_trackings
from tian.supervision.tracking import actions


@login_required
def tracking_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "tracking.list")
    slug = slug_param(request, "session")
    session = (
        get_object_or_404(Session.objects.select_related("body"), slug=slug)
        if slug
        else current_session()
    )
    rows: list[Tracking] = []
    waiting = 0
    may_join = policy.can(request.user, "tracking.sync", session)
    if session is not None:
        # Reading only: the sweep (or the office's button) joins this year's candidates.
        rows = list(_rows(request, session))
        if may_join:
            waiting = actions.waiting_to_join(session).count()
        for row in rows:
            row.may_report = policy.can(request.user, "tracking.report", row)
            row.may_judge = policy.can(request.user, "tracking.verdict", row)
            row.may_close = policy.can(request.user, "tracking.close", row)
    sessions = Session.objects.select_related("body").filter(
        Q(trackings__isnull=False) | Q(pk=getattr(session, "pk", None))
    )
    return render(
        request,
        "supervision/tracking/list.html",
        {
            "session": session,
            "sessions": sessions.distinct().order_by("-year", "-id"),
            "rows": rows,
            "waiting": waiting,
            "may_join": may_join,
            "open_count": sum(1 for row in rows if row.closed_at is None),
            "verdicts": Verdict.choices,
            "nav": "tracking",
        },
    )


def _rows(request: HttpRequest, session: Session):
    lead_unit = (
        Assignment.objects.active().leading().filter(proposal=OuterRef("proposal_id"))
    ).order_by("role", "id")
    prefix = "proposal__commitments__"
    figures = totals(timezone.localdate(), prefix, where=counted_q(prefix))
    queryset = (
        Tracking.objects.filter(session=session)
        .select_related("proposal__session__body", "proposal__lead_proposer", "reported_by")
        .annotate(
            lead_unit=Subquery(lead_unit.values("unit__name")[:1]),
            commitments_total=figures["total"],
            commitments_done=figures["done"],
        )
        .order_by("closed_at", "proposal__session__year", "proposal__number")
    )
    return visible_trackings(request.user, queryset)


def _get_tracking_for_user(request: HttpRequest, pk: int) -> Tracking:
    queryset = Tracking.objects.select_related("proposal", "session")
    return get_object_or_404(visible_trackings(request.user, queryset), pk=pk)


def _back(tracking: Tracking) -> HttpResponse:
    url = reverse("tracking-list") + f"?session={tracking.session.slug}#tracking-{tracking.pk}"
    return redirect(url)


@login_required
@require_POST
def tracking_sync(request: HttpRequest) -> HttpResponse:
    """The office's button: join this year's candidates now rather than at the next sweep."""
    slug = request.POST.get("session")
    session = get_object_or_404(Session, slug=slug) if slug else current_session()
    if session is None:
        raise Http404("没有会议。")
    joined = actions.join_tracking(request.user, session)
    if joined:
        messages.success(request, f"{len(joined)}件往年提案已列入本年度跨年度跟踪。")
    else:
        messages.info(request, "没有需要新列入本年度跟踪的往年提案。")
    return redirect(reverse("tracking-list") + f"?session={session.slug}")


@login_required
@require_POST
def tracking_report(request: HttpRequest, pk: int) -> HttpResponse:
    tracking = _get_tracking_for_user(request, pk)
    try:
        actions.report_year_progress(request.user, tracking, text=request.POST.get("text", ""))
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{tracking.proposal.number_label}本年度办理进展已报告。")
    return _back(tracking)


@login_required
@require_POST
def tracking_verdict(request: HttpRequest, pk: int) -> HttpResponse:
    tracking = _get_tracking_for_user(request, pk)
    try:
        actions.give_tracking_verdict(
            request.user,
            tracking,
            verdict=request.POST.get("verdict", ""),
            comment=request.POST.get("comment", ""),
        )
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已提交对{tracking.proposal.number_label}的评价。")
    return _back(tracking)


@login_required
@require_POST
def tracking_close(request: HttpRequest, pk: int) -> HttpResponse:
    tracking = _get_tracking_for_user(request, pk)
    try:
        actions.close_tracking(request.user, tracking, reason=request.POST.get("reason", ""))
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{tracking.proposal.number_label}已结束跨年度跟踪。")
    return _back(tracking)
