"""Pages for key proposals (重点提案): the list, selection, and supervision activities."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from tian import policy
from tian.audit.actions import record_download
from tian.directory.models import Leader, Session
from tian.lib.errors import ActionError
from tian.lib.files import stored_file_response
from tian.lib.http import slug_param
from tian.proposals.models import FILED_STATES, Proposal
from tian.proposals.queries import current_session
from tian.supervision.key import actions
from tian.supervision.key.forms import ActivityForm, KeySelectForm
from tian.supervision.key.queries import (
    MY_PART_LABELS,
    key_proposals_for,
    progress_state,
    sessions_with_keys,
    with_progress,
)
from tian.supervision.models import KeyProposal, SupervisionActivity


@login_required
def key_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "key.list")
    sessions = sessions_with_keys(request.user)
    session = _chosen_session(request, sessions)
    keys = list(key_proposals_for(request.user, session))
    for key in keys:
        key.state_class, key.state_label = progress_state(key)
        key.my_label = MY_PART_LABELS.get(getattr(key, "my_part", ""), "")
    # A key proposal with no commitments has no progress to speak of, not 0%.
    tracked = [k for k in keys if k.commitments_total]
    summary = {
        "count": len(keys),
        "tracked": len(tracked),
        "commitments": sum(k.commitments_total for k in keys),
        "done": sum(k.commitments_done for k in keys),
        "overdue": sum(k.commitments_overdue for k in keys),
        "progress": round(sum(k.progress for k in tracked) / len(tracked)) if tracked else 0,
    }
    return render(
        request,
        "supervision/key/list.html",
        {
            "keys": keys,
            "sessions": sessions,
            "session": session,
            "summary": summary,
            "is_staff": policy.can(request.user, "key.select"),
            "own_count": sum(1 for key in keys if key.my_label),
            "nav": "key",
        },
    )


def _chosen_session(request: HttpRequest, sessions: list[Session]) -> Session | None:
    slug = slug_param(request, "session")
    if slug:
        return Session.objects.select_related("body").filter(slug=slug).first()
    # The newest session that has key proposals: the session open for submission may have none yet.
    return sessions[0] if sessions else current_session()


def _get_key_for_user(request: HttpRequest, pk: int, permission: str) -> KeyProposal:
    queryset = KeyProposal.objects.select_related(
        "proposal__session__body", "proposal__lead_proposer", "proposal__category", "lead_leader"
    ).prefetch_related(Prefetch("supervisors", queryset=Leader.objects.order_by("name")))
    key = get_object_or_404(with_progress(queryset), pk=pk)
    policy.require(request.user, permission, key)
    return key


@login_required
def key_select(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(
        Proposal.objects.select_related("session__body", "lead_proposer"), pk=pk
    )
    policy.require(request.user, "key.select", proposal)
    policy.require(request.user, "proposal.view", proposal)
    key = KeyProposal.objects.filter(proposal=proposal).first()
    initial = {}
    if key is not None:
        initial = {
            "reason": key.reason,
            "lead_leader": key.lead_leader,
            "supervisors": list(key.supervisors.all()),
        }
    form = KeySelectForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            key = actions.select_key_proposal(
                request.user,
                proposal,
                reason=data["reason"],
                lead_leader=data["lead_leader"],
                supervisors=data["supervisors"],
            )
        except ActionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"{proposal.number_label}已确定为重点提案。")
            return redirect("key-detail", pk=key.pk)
    return render(
        request,
        "supervision/key/select.html",
        {
            "form": form,
            "proposal": proposal,
            "key": key,
            "not_filed": proposal.status not in FILED_STATES,
            "nav": "key",
        },
    )


@login_required
def key_detail(request: HttpRequest, pk: int) -> HttpResponse:
    key = _get_key_for_user(request, pk, "key.view")
    return _render_detail(request, key, ActivityForm())


def _render_detail(request: HttpRequest, key: KeyProposal, form: ActivityForm) -> HttpResponse:
    key.state_class, key.state_label = progress_state(key)
    commitments = key.proposal.commitments.filter(parent__isnull=True).select_related(
        "responsible_unit"
    )
    activities = list(key.activities.select_related("created_by").order_by("-held_on", "-id"))
    return render(
        request,
        "supervision/key/detail.html",
        {
            "key": key,
            "proposal": key.proposal,
            "commitments": commitments,
            "activities": activities,
            "form": form,
            "may_record": policy.can(request.user, "key.record_activity", key),
            "may_select": policy.can(request.user, "key.select", key.proposal),
            # Recorded supervision cannot be undone, so unselecting is offered only before it.
            "may_unselect": not activities and policy.can(request.user, "key.unselect", key),
            "today": timezone.localdate(),
            "nav": "key",
        },
    )


@login_required
def key_unselect(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: confirm, with the reason to give; POST: take the proposal off the key list."""
    key = _get_key_for_user(request, pk, "key.unselect")
    reason = request.POST.get("reason", "").strip() if request.method == "POST" else ""
    error = ""
    if request.method == "POST":
        try:
            actions.unselect_key_proposal(request.user, key, reason=reason)
        except ActionError as failure:
            error = failure.message
        else:
            messages.success(request, f"{key.proposal.number_label}已撤销重点提案。")
            return redirect("proposal-detail", pk=key.proposal_id)
    return render(
        request,
        "supervision/key/unselect.html",
        {
            "key": key,
            "proposal": key.proposal,
            "reason": reason,
            "error": error,
            "has_activities": key.activities.exists(),
            "nav": "key",
        },
        status=400 if error else 200,
    )


@login_required
@require_POST
def key_activity(request: HttpRequest, pk: int) -> HttpResponse:
    key = _get_key_for_user(request, pk, "key.record_activity")
    form = ActivityForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_activity(
                request.user,
                key,
                kind=data["kind"],
                held_on=data["held_on"],
                place=data["place"],
                attendees=data["attendees"],
                summary=data["summary"],
                photo=data["photo"] or None,
            )
        except ActionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "督办活动已记录。")
            return redirect(reverse("key-detail", kwargs={"pk": key.pk}) + "#activities")
    return _render_detail(request, key, form)


@login_required
def activity_photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    activity = get_object_or_404(
        SupervisionActivity.objects.select_related("key_proposal").exclude(photo=""), pk=pk
    )
    policy.require(request.user, "key.view", activity.key_proposal)
    record_download(
        request.user, activity, proposal=activity.key_proposal.proposal, name=activity.photo.name
    )
    return stored_file_response(activity.photo)
