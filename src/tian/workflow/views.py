"""Intake's decision pages: submitting a draft and the filing review (立案审查).

Views parse, check and call one action of `tian.workflow.intake`; the templates stay with
the proposal pages (`proposals/review.html`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tian import policy
from tian.lib.errors import ActionError
from tian.lib.http import posted_version
from tian.proposals.models import CoSignature, Proposal, Status
from tian.proposals.queries import proposal_for, proposers_of
from tian.workflow import intake as actions
from tian.workflow.engine import check_guards, workflow_for
from tian.workflow.forms import ReviewForm


@login_required
def proposal_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what will be sent, to confirm (提交确认); POST: submit it. A GET never submits."""
    proposal = proposal_for(request.user, pk, "proposal.submit")
    if request.method != "POST":
        return render(request, "proposals/submit.html", _submission(request, proposal))
    try:
        actions.submit_proposal(request.user, proposal, version=posted_version(request))
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "提案已提交,等待提案委审查。")
    return redirect("proposal-detail", pk=proposal.pk)


def _submission(request: HttpRequest, proposal: Proposal) -> dict[str, Any]:
    """The confirmation page's summary: the draft, its co-signers and files, and whether the
    workflow would refuse it now (the guards, run without taking the step)."""
    try:
        check_guards(request.user, proposal, "submit")
    except ActionError as error:
        refusal = error.message
    else:
        refusal = ""
    steps = [t for t in workflow_for(proposal).transitions.all() if t.code == "submit"]
    proposers = proposers_of(proposal)
    return {
        "proposal": proposal,
        "lead_label": proposers.lead,
        "cosignatures": proposers.cosignatures,
        "pending": [
            c
            for c in proposers.cosignatures
            if c.status == CoSignature.Status.INVITED and not c.is_overdue
        ],
        "closes_invitations": any("close_invitations" in t.effects for t in steps),
        "goes_to_review": any(t.target == Status.SUBMITTED for t in steps),
        "attachments": proposal.attachments.all(),
        "refusal": refusal,
        "nav": "proposals",
    }


@login_required
def proposal_review(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = proposal_for(request.user, pk, "proposal.view")
    # A clerk whose colleague decided first still gets the form back with a reason.
    if request.method == "GET" or not policy.can(request.user, "proposal.review_any"):
        policy.require(request.user, "proposal.review", proposal)
    form = ReviewForm(
        request.POST or None,
        proposal=proposal,
        initial={"version": proposal.version, "category": proposal.category, "decision": "file"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _decide(request, proposal, data)
        except ActionError as error:
            form.add_error(None, error.message)
        else:
            proposal.refresh_from_db()
            messages.success(request, f"审查完成:{proposal.get_status_display()}。")
            return redirect("proposal-detail", pk=proposal.pk)
    proposers = proposers_of(proposal)
    return render(
        request,
        "proposals/review.html",
        {
            "form": form,
            "proposal": proposal,
            # The whole proposal beside the decision: the clerk needs no other page.
            "lead_label": proposers.lead,
            "cosignatures": proposers.cosignatures,
            "attachments": proposal.attachments.all(),
            "nav": "proposals",
        },
    )


def _decide(request: HttpRequest, proposal: Proposal, data: dict[str, Any]) -> None:
    decision, version, reason = data["decision"], data["version"], data["reason"]
    if decision == ReviewForm.Decision.FILE:
        actions.file_proposal(
            request.user,
            proposal,
            version=version,
            category=data["category"],
            number=data["number"],
            comment=reason,
        )
    elif decision == ReviewForm.Decision.MERGE:
        actions.merge_proposal(
            request.user, proposal, version=version, into=data["merge_target"], reason=reason
        )
    elif decision == ReviewForm.Decision.REJECT:
        actions.reject_proposal(request.user, proposal, version=version, reason=reason)
    else:
        actions.convert_proposal(request.user, proposal, version=version, reason=reason)
