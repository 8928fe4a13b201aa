"""Supervision notice pages (督办单): issue one, list them, read one, acknowledge it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tian import policy
from tian.lib.errors import ActionError
from tian.lib.http import page_param
from tian.proposals.models import Proposal
from tian.supervision.models import Commitment, SupervisionNotice
from tian.supervision.policy import visible_notices
from tian.supervision.reminders.notices import acknowledge_notice, addressable_units, issue_notice

PAGE_SIZE = 50
DEFAULT_RESPOND_DAYS = 10


class IssueForm(forms.Form):
    unit = forms.ModelChoiceField(label="督办单位", queryset=None, empty_label=None)
    commitment = forms.ModelChoiceField(
        label="涉及的实施清单事项(可选)", queryset=None, required=False, empty_label="(整件提案)"
    )
    content = forms.CharField(
        label="督办事项和要求",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="写明需要办理的事项、要求和完成标准。",
    )
    respond_by = forms.DateField(
        label="反馈期限",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, proposal: Proposal, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = addressable_units(proposal)
        self.fields["unit"].label_from_instance = lambda unit: unit.display_name
        self.fields["commitment"].queryset = Commitment.objects.filter(
            proposal=proposal, status=Commitment.Status.OPEN
        ).order_by("due_on", "id")


class AcknowledgeForm(forms.Form):
    response = forms.CharField(
        label="办理反馈",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="说明已采取和将采取的措施、责任人和时间安排。",
    )


@login_required
def notice_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """The office writes a notice to one of the proposal's units (GET form, POST issue)."""
    proposal = get_object_or_404(Proposal.objects.select_related("session"), pk=pk)
    policy.require(request.user, "notice.issue", proposal)
    policy.require(request.user, "proposal.view", proposal)  # not someone's draft
    today = timezone.localdate()
    if request.method == "POST":
        form = IssueForm(proposal, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                notice = issue_notice(
                    request.user,
                    proposal,
                    unit=data["unit"],
                    content=data["content"],
                    respond_by=data["respond_by"],
                    commitment=data["commitment"],
                )
            except ActionError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, f"已下发督办单{notice.number_label}。")
                return redirect("notice-detail", pk=notice.pk)
        status = 400
    else:
        form = IssueForm(
            proposal, initial={"respond_by": today + timedelta(days=DEFAULT_RESPOND_DAYS)}
        )
        status = 200
    context = {
        "nav": "notices",
        "proposal": proposal,
        "form": form,
        "earlier": SupervisionNotice.objects.filter(proposal=proposal)
        .select_related("unit")
        .order_by("-issued_at"),
    }
    return render(request, "supervision/notices/issue.html", context, status=status)


@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    """Office: every notice; a unit: those addressed to it. Unacknowledged first."""
    policy.require(request.user, "notice.list")
    notices = visible_notices(request.user, SupervisionNotice.objects.all())
    pending_only = request.GET.get("pending") == "1"
    counts = {"total": notices.count(), "pending": notices.filter(acknowledged_at=None).count()}
    if pending_only:
        notices = notices.filter(acknowledged_at=None)
    rows = notices.select_related("proposal__session", "unit", "commitment").order_by(
        F("acknowledged_at").asc(nulls_first=True), "respond_by", "-year", "-number"
    )
    page = Paginator(rows, PAGE_SIZE).get_page(page_param(request))
    context = {
        "nav": "notices",
        "page": page,
        "rows": page.object_list,
        "counts": counts,
        "pending_only": pending_only,
        "today": timezone.localdate(),
        "is_office": policy.can(request.user, "notice.issue"),
    }
    return render(request, "supervision/notices/list.html", context)


def _notice(pk: int, user: Any) -> SupervisionNotice:
    notice = get_object_or_404(
        SupervisionNotice.objects.select_related(
            "proposal__session", "unit", "commitment", "issued_by", "acknowledged_by"
        ),
        pk=pk,
    )
    policy.require(user, "notice.view", notice)
    return notice


def _detail(request: HttpRequest, notice: SupervisionNotice, form: AcknowledgeForm) -> dict:
    return {
        "nav": "notices",
        "notice": notice,
        "proposal": notice.proposal,
        "form": form,
        "today": timezone.localdate(),
        "may_acknowledge": not notice.is_acknowledged
        and policy.can(request.user, "notice.acknowledge", notice),
        "may_view_proposal": policy.can(request.user, "proposal.view", notice.proposal),
    }


@login_required
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One notice, as a document, with the unit's answer or the form to give it."""
    notice = _notice(pk, request.user)
    return render(
        request, "supervision/notices/detail.html", _detail(request, notice, AcknowledgeForm())
    )


@login_required
@require_POST
def notice_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    """The addressed unit acknowledges the notice with its answer."""
    notice = _notice(pk, request.user)
    policy.require(request.user, "notice.acknowledge", notice)
    form = AcknowledgeForm(request.POST)
    if form.is_valid():
        try:
            acknowledge_notice(request.user, notice, response=form.cleaned_data["response"])
        except ActionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"已签收督办单{notice.number_label}。")
            return redirect("notice-detail", pk=notice.pk)
    return render(
        request, "supervision/notices/detail.html", _detail(request, notice, form), status=400
    )
