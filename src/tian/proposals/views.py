"""Pages for writing, reading and reviewing proposals. Views parse, check, call an action."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tian import policy
from tian.audit.actions import record_download, record_export
from tian.audit.events import EventType
from tian.directory.models import ADMIN_ROLES, Proposer, Role, Session
from tian.lib.errors import ActionError
from tian.lib.files import stored_file_response
from tian.lib.http import page_param, search_param, slug_param
from tian.lib.uploads import XLSX
from tian.proposals import actions
from tian.proposals.columns import attach_columns
from tian.proposals.export import export_list
from tian.proposals.filters import Filtered, ListRequest, apply_filters
from tian.proposals.forms import ProposalForm
from tian.proposals.history import history_for
from tian.proposals.models import Attachment, Category, Proposal, Status
from tian.proposals.panels import page_panels
from tian.proposals.policy import visible_proposals
from tian.proposals.queries import (
    current_session,
    proposal_for,
    proposers_of,
    with_list_columns,
    worklist,
)

PAGE_SIZE = 50


def home(request: HttpRequest) -> HttpResponse:
    """Send each person to where their work is."""
    user = request.user
    if not user.is_authenticated:
        return redirect("login")
    if policy.can(user, "worklist.view"):
        return redirect("worklist")
    if user.has_role(Role.AUDIT_ADMIN):
        return redirect("audit-log")
    if user.has_role(*ADMIN_ROLES) and user.is_staff:
        return redirect("admin:index")
    raise PermissionDenied("您的账号尚未分配角色,请联系系统管理员。")


@login_required
def worklist_view(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "worklist.view")
    sections = worklist(request.user)
    return render(
        request,
        "proposals/worklist.html",
        {
            "sections": sections,
            "empty_sections": [section for section in sections if not section.items],
            "session": current_session(),
            "today": timezone.localdate(),
            "nav": "worklist",
        },
    )


@dataclass
class _Listing:
    """The list as the query string asks for it: the session, the filters in force and the
    rows in order (all of them; the page shows a page, the export all)."""

    sessions: list[Session]
    session: Session | None
    categories: list[Category]
    query: str
    query_cut: bool
    filtered: Filtered
    proposals: QuerySet[Proposal]


def _listing_for(request: HttpRequest) -> _Listing:
    sessions = list(Session.objects.select_related("body").order_by("-year", "-id"))
    session = _chosen_session(request, sessions)
    queryset = visible_proposals(request.user)
    if session is not None:
        queryset = queryset.filter(session=session)
    categories = list(Category.objects.filter(session=session)) if session else []
    query, query_cut = search_param(request)
    listing = ListRequest(request, session, categories)
    filtered = apply_filters(queryset, listing, _with_query(request, query))
    proposals = with_list_columns(filtered.proposals).order_by("number", "id")
    return _Listing(sessions, session, categories, query, query_cut, filtered, proposals)


@login_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "proposal.list")
    listing = _listing_for(request)
    filtered = listing.filtered
    page = Paginator(listing.proposals, PAGE_SIZE).get_page(page_param(request))
    page.object_list = list(page.object_list)
    category = filtered.values.get("category")
    return render(
        request,
        "proposals/list.html",
        {
            "page": page,
            # What the higher apps add to each row (承办单位、答复期限), fetched for the page.
            "columns": attach_columns(page.object_list),
            "sessions": listing.sessions,
            "session": listing.session,
            "categories": listing.categories,
            "statuses": Status.choices,
            "query": listing.query,
            "query_cut": listing.query_cut,
            "status": filtered.values.get("status", ""),
            "category": str(category[0]) if category else "",
            "filters": filtered.chips,
            # The dashboard's filters have no field of their own: keep them when the form changes.
            "carried": filtered.carried,
            "export_query": _export_query(request, listing),
            "nav": "proposals",
        },
    )


def _export_query(request: HttpRequest, listing: _Listing) -> str:
    """The list's query string for its export: the same filters, the session made explicit
    (so the file holds what this page listed), no page."""
    params = request.GET.copy()
    params.pop("page", None)
    if listing.session is not None:
        params["session"] = listing.session.slug
    return params.urlencode()


@login_required
def proposal_export(request: HttpRequest) -> HttpResponse:
    """The list's rows under the same filters, every page, as an Excel workbook (audited)."""
    policy.require(request.user, "proposal.export")
    listing = _listing_for(request)
    session = listing.session
    stream = io.BytesIO()
    title = f"{session}{session.body.item_noun}" if session is not None else "提案"
    if listing.filtered.chips:
        title += "(" + ";".join(chip.label for chip in listing.filtered.chips) + ")"
    count = export_list(listing.proposals, stream, title=title)
    name = f"{session.slug if session else 'proposals'}-list.xlsx"
    record_export(
        request.user,
        EventType.PROPOSAL_LIST_EXPORTED,
        target=session,
        name=name,
        filters=_export_query(request, listing),
        rows=count,
    )
    response = HttpResponse(stream.getvalue(), content_type=XLSX.content_type)
    response["Content-Disposition"] = f"attachment; filename={name}"
    return response


def _with_query(request: HttpRequest, query: str) -> QueryDict:
    """The list's query string with the search text as it was used (cleaned and cut)."""
    params = request.GET.copy()
    if "q" in params:
        params["q"] = query
    return params


def _chosen_session(request: HttpRequest, sessions: list[Session]) -> Session | None:
    slug = slug_param(request, "session")
    for session in sessions:
        if session.slug == slug:
            return session
    return current_session() if sessions else None


@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = proposal_for(request.user, pk, "proposal.view")
    events = history_for(request.user, proposal)
    proposers = proposers_of(proposal)
    context = {
        "proposal": proposal,
        "lead_label": proposers.lead,
        "cosignatures": proposers.cosignatures,
        # The reader's own invitation to co-sign, if any: its deadline is shown to them.
        "invitation": next(
            (c for c in proposers.cosignatures if c.proposer_id == request.user.proposer_id),
            None,
        ),
        "attachments": proposal.attachments.all(),
        "merged": proposal.merged_proposals.select_related("lead_proposer"),
        "events": events,
        # What the higher apps add: handling, commitments, the key-proposal box…
        "panels": page_panels(request.user, proposal),
        "nav": "proposals",
    }
    return render(request, "proposals/detail.html", context)


@login_required
def proposal_create(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "proposal.create")
    session = _session_for_new(request)
    if session is None:
        messages.error(request, "目前没有接收提案的会议。")
        return redirect("worklist")
    on_behalf = policy.can(request.user, "proposal.create_on_behalf")
    form = ProposalForm(
        request.POST or None,
        request.FILES or None,
        session=session,
        on_behalf=on_behalf,
        drafter=None if on_behalf else request.user.proposer,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        proposer = data.get("proposer_name") or request.user.proposer
        try:
            with transaction.atomic():
                proposal = _create_with_extras(request, session, proposer, data)
        except ActionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "草稿已保存。检查无误后请点击“提交”。")
            return redirect("proposal-detail", pk=proposal.pk)
    return render(
        request,
        "proposals/form.html",
        {"form": form, "session": session, "proposal": None, "nav": "create"},
    )


def _create_with_extras(
    request: HttpRequest, session: Session, proposer: Proposer, data: dict
) -> Proposal:
    proposal = actions.create_proposal(
        request.user,
        session=session,
        lead_proposer=proposer,
        title=data["title"],
        subject=data["subject"],
        background=data["background"],
        suggestions=data["suggestions"],
        category=data["category"],
    )
    _after_save(request, proposal, data)
    return proposal


def _session_for_new(request: HttpRequest) -> Session | None:
    slug = slug_param(request, "session") or request.POST.get("session")
    open_sessions = Session.objects.filter(is_open_for_submission=True).select_related("body")
    if request.user.proposer_id:
        open_sessions = open_sessions.filter(body_id=request.user.proposer.body_id)
    if slug:
        return open_sessions.filter(slug=slug).first()
    return open_sessions.order_by("-year", "-id").first()


def _after_save(request: HttpRequest, proposal: Proposal, data: dict) -> None:
    if data.get("cosigners"):
        actions.invite_cosigners(request.user, proposal, data["cosigners"])
    for upload in data.get("attachments") or []:
        actions.add_attachment(request.user, proposal, upload)


@login_required
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = proposal_for(request.user, pk, "proposal.edit")
    initial = {
        "version": proposal.version,
        "title": proposal.title,
        "subject": proposal.subject,
        "background": proposal.background,
        "suggestions": proposal.suggestions,
        "category": proposal.category,
    }
    form = ProposalForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        session=proposal.session,
        on_behalf=False,
        proposal=proposal,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                _update_with_extras(request, proposal, data)
        except ActionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "草稿已保存。")
            return redirect("proposal-detail", pk=proposal.pk)
    return render(
        request,
        "proposals/form.html",
        {
            "form": form,
            "session": proposal.session,
            "proposal": proposal,
            "cosignatures": proposers_of(proposal).cosignatures,
            "nav": "proposals",
        },
    )


def _update_with_extras(request: HttpRequest, proposal: Proposal, data: dict) -> None:
    actions.update_draft(
        request.user,
        proposal,
        version=data["version"] or 0,
        title=data["title"],
        subject=data["subject"],
        background=data["background"],
        suggestions=data["suggestions"],
        category=data["category"],
    )
    _after_save(request, proposal, data)


@login_required
@require_POST
def proposal_cosign(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = proposal_for(request.user, pk, "proposal.cosign")
    accept = request.POST.get("answer") == "accept"
    try:
        actions.respond_to_invitation(request.user, proposal, accept=accept)
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "已确认联名。" if accept else "已谢绝联名。")
    return redirect("proposal-detail", pk=proposal.pk)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    attachment = get_object_or_404(Attachment.objects.select_related("proposal"), pk=pk)
    policy.require(request.user, "attachment.view", attachment.proposal)
    record_download(
        request.user, attachment, proposal=attachment.proposal, name=attachment.original_name
    )
    return stored_file_response(
        attachment.file,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
