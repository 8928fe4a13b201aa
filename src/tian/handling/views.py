"""Handling pages: each parses a form, checks the policy, calls one action, redirects back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from tian import policy
from tian.audit.actions import record_download
from tian.directory.models import Unit
from tian.handling import actions
from tian.handling import letter as letters
from tian.handling.forms import (
    AssignForm,
    ContactForm,
    CoOpinionForm,
    ExtendForm,
    LetterForm,
    ObjectionDecisionForm,
    ObjectionForm,
    ReplyForm,
    ReviewReplyForm,
    VerdictForm,
)
from tian.handling.hooks import reply_commitment_forms
from tian.handling.models import Assignment, ReassignmentRequest, Reply, StatClass
from tian.handling.pickers import initial_units
from tian.handling.replies import LetterLines, checklist
from tian.handling.steps import current_round
from tian.lib.errors import ActionError
from tian.lib.files import stored_file_response
from tian.lib.http import posted_version
from tian.lib.uploads import DOCX
from tian.proposals.models import Proposal


def _proposal(pk: int, user: Any) -> Proposal:
    proposal = get_object_or_404(
        Proposal.objects.select_related("session__body", "lead_proposer", "category"), pk=pk
    )
    policy.require(user, "proposal.view", proposal)
    return proposal


def _back(proposal: Proposal) -> HttpResponse:
    return redirect("proposal-detail", pk=proposal.pk)


def _form_page(
    request: HttpRequest,
    proposal: Proposal,
    form: Any,
    title: str,
    run: Callable[[dict[str, Any]], str],
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """GET shows the form; a valid POST runs the action and goes back to the proposal.

    A refused action re-shows the form with what was typed and the reason.
    """
    if request.method == "POST" and form.is_valid():
        try:
            done = run(form.cleaned_data)
        except ActionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, done)
            return _back(proposal)
    context = {"form": form, "proposal": proposal, "title": title, "nav": "proposals"}
    return render(request, "handling/form.html", context | (extra or {}))


# Pages where one reads something (a reply, an objection) and then decides: on a phone the
# text comes first, the decision below it; on a desktop the decision sits beside the text.
READ_FIRST = {"read_first": True}


def _my_unit(request: HttpRequest, proposal: Proposal, *roles: str) -> Unit:
    """The unit the signed-in person acts for on this proposal."""
    rows = proposal.assignments.active().filter(unit_id__in=request.user.unit_ids)
    rows = rows.select_related("unit")
    if roles:
        rows = rows.filter(role__in=roles)
    assignment = rows.first()
    if assignment is None:
        raise PermissionDenied("您所在的单位没有承办这件提案。")
    return assignment.unit


@login_required
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(pk, request.user)
    office = policy.can(request.user, "assignment.assign")
    if not office:
        policy.require(request.user, "assignment.propose", proposal)
    initial = initial_units(proposal.assignments.select_related("unit"))
    initial["version"] = proposal.version
    form = AssignForm(request.POST or None, initial=initial, proposal=proposal)

    def run(data: dict[str, Any]) -> str:
        units = form.units()
        if office:
            actions.assign_proposal(request.user, proposal, version=data["version"], **units)
            return "已交办,承办单位会收到通知。"
        actions.propose_units(request.user, proposal, **units)
        return "已拟定承办单位,等待政府办督查室确认交办。"

    return _form_page(request, proposal, form, "交办" if office else "拟定承办单位", run)


@login_required
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(pk, request.user)
    try:
        actions.accept_assignment(request.user, proposal, version=posted_version(request))
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "已签收,请在期限内与提案者联系并办理答复。")
    return _back(proposal)


@login_required
def object_to(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(Assignment.objects.select_related("proposal", "unit"), pk=pk)
    policy.require(request.user, "assignment.object", assignment)
    form = ObjectionForm(request.POST or None)

    def run(data: dict[str, Any]) -> str:
        actions.object_to_assignment(request.user, assignment, **data)
        return "调整申请已提交,等待督查室处理。"

    return _form_page(request, assignment.proposal, form, "申请调整承办单位", run)


@login_required
def decide_objection(request: HttpRequest, pk: int) -> HttpResponse:
    objection = get_object_or_404(
        ReassignmentRequest.objects.select_related("assignment__proposal", "assignment__unit"),
        pk=pk,
    )
    policy.require(request.user, "assignment.decide_objection", objection)
    proposal = objection.assignment.proposal
    form = ObjectionDecisionForm(
        request.POST or None, initial={"new_unit": _unit_named(objection.suggested_unit)}
    )

    def run(data: dict[str, Any]) -> str:
        actions.decide_objection(
            request.user,
            objection,
            accept=data["decision"] == "accept",
            comment=data["comment"],
            new_unit=data["new_unit"],
            reset_deadline=data["reset_deadline"],
        )
        return "调整申请已处理。"

    extra = {"objection": objection} | READ_FIRST
    return _form_page(request, proposal, form, "处理调整申请", run, extra)


def _unit_named(name: str) -> Unit | None:
    """The unit a person suggested by name, if the name is exactly one unit's."""
    name = name.strip()
    if not name:
        return None
    found = list(Unit.objects.filter(Q(name=name) | Q(short_name=name), is_active=True)[:2])
    return found[0] if len(found) == 1 else None


@login_required
def contact(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(pk, request.user)
    unit = _my_unit(request, proposal)
    form = ContactForm(request.POST or None, earliest=actions.earliest_contact_on(proposal, unit))

    def run(data: dict[str, Any]) -> str:
        actions.log_contact(request.user, proposal, unit=unit, **data)
        return "沟通情况已记录。"

    return _form_page(request, proposal, form, "记录沟通情况", run)


@login_required
def co_opinion(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(pk, request.user)
    unit = _my_unit(request, proposal, Assignment.Role.CO)
    existing = proposal.co_opinions.filter(unit=unit).first()
    form = CoOpinionForm(request.POST or None, initial={"text": existing.text if existing else ""})

    def run(data: dict[str, Any]) -> str:
        actions.submit_co_opinion(request.user, proposal, unit=unit, text=data["text"])
        return "协办意见已送主办单位。"

    return _form_page(request, proposal, form, "提交协办意见", run)


@login_required
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    """The lead unit drafts its reply, seeing contacts and co-unit opinions beside the form."""
    proposal = _proposal(pk, request.user)
    unit = _my_unit(request, proposal, *Assignment.LEADING_ROLES)
    policy.require(request.user, "handling.reply", (proposal, unit))
    draft = (
        proposal.replies.filter(unit=unit, round=current_round(proposal))
        .exclude(status=Reply.Status.ACCEPTED)
        .first()
    )
    initial: dict[str, Any] = {"disclosure": Reply.Disclosure.PUBLISH}
    if draft is not None:
        initial = {
            "reply_version": draft.version,
            "grade": draft.grade,
            "situation": draft.situation,
            "measures": draft.measures,
            "plan": draft.plan,
            "disclosure": draft.disclosure,
            "disclosure_reason": draft.disclosure_reason,
        } | {name: getattr(draft, name) for name in LetterLines.FIELDS}
    form = ReplyForm(
        request.POST or None, request.FILES or None, initial=initial, session=proposal.session
    )
    # The promised measures (实施清单) come from the app that keeps them (supervision).
    provider = next(iter(reply_commitment_forms), None)
    measures = provider.rows(request.POST or None, proposal, draft) if provider else None
    formset = measures.formset if measures else None
    if request.method == "POST" and form.is_valid() and (formset is None or formset.is_valid()):
        data = form.cleaned_data
        commitments = provider.inputs(formset) if provider and formset else []
        try:
            saved = actions.save_reply(
                request.user,
                proposal,
                reply_version=data["reply_version"],
                unit=unit,
                grade=data["grade"],
                situation=data["situation"],
                measures=data["measures"],
                plan=data["plan"],
                disclosure=data["disclosure"],
                disclosure_reason=data["disclosure_reason"],
                commitments=commitments,
                letter=data["letter"],
                letter_lines=LetterLines.of(data),
            )
        except ActionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _saved_message(saved, request.user))
            return _back(proposal)
    return render(
        request,
        "handling/reply_form.html",
        {
            "form": form,
            "formset": formset,
            "proposal": proposal,
            "draft": draft,
            "round": current_round(proposal),
            # A page shown again after a POST saved nothing, so a chosen file is lost.
            "reupload": bool(request.FILES),
            "locked": draft is not None
            and draft.status in (Reply.Status.SIGNED, Reply.Status.SUBMITTED),
            "kept_commitments": measures.kept if measures else [],
            "carried_commitments": measures.carried if measures else [],
            "commitments_open": bool(measures and measures.editable)
            or bool(formset and formset.is_bound)
            or (draft is not None and _in_progress(draft)),
            "checklist": checklist(draft, request.user) if draft is not None else None,
            "contacts": proposal.contacts.select_related("unit"),
            "co_opinions": proposal.co_opinions.select_related("unit"),
            "nav": "proposals",
        },
    )


def _saved_message(reply: Reply, user: Any) -> str:
    """What saving told the clerk: what the reply still needs before the leader signs it."""
    missing = checklist(reply, user).to_sign
    if missing:
        return f"答复已保存(草稿)。签发前还需:{';'.join(missing)}。"
    return "答复已保存,请单位负责人在提案页签发。"


def _in_progress(reply: Reply) -> bool:
    return reply.grade is not None and reply.grade.stat_class == StatClass.IN_PROGRESS


def _reply_step(
    request: HttpRequest, pk: int, step: Callable[..., Reply], done: Callable[[Reply], str]
) -> HttpResponse:
    reply_row = get_object_or_404(Reply.objects.select_related("proposal", "unit"), pk=pk)
    policy.require(request.user, "proposal.view", reply_row.proposal)
    try:
        moved = step(request.user, reply_row, version=posted_version(request))
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done(moved))
    return _back(reply_row.proposal)


def _next_after_signing(reply: Reply) -> str:
    if reply.letter:
        return "答复已签发,请联络员报送督查室。"
    return "答复已签发。请联络员下载答复函(Word),盖章扫描后上传,再报送督查室。"


@login_required
@require_POST
def sign(request: HttpRequest, pk: int) -> HttpResponse:
    return _reply_step(request, pk, actions.sign_reply, _next_after_signing)


@login_required
@require_POST
def attach_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit uploads the stamped, scanned letter of a signed reply (上传签章答复函)."""
    reply_row = get_object_or_404(Reply.objects.select_related("proposal", "unit"), pk=pk)
    policy.require(request.user, "proposal.view", reply_row.proposal)
    policy.require(request.user, "handling.reply", (reply_row.proposal, reply_row.unit))
    form = LetterForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ActionError((form.errors.get("letter") or ["页面已过期,请刷新后再上传。"])[0])
        actions.attach_letter(
            request.user,
            reply_row,
            version=form.cleaned_data["version"],
            letter=form.cleaned_data["letter"],
        )
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "签章答复函已上传。核对无误后请报送督查室。")
    return _back(reply_row.proposal)


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _reply_step(request, pk, actions.submit_reply, lambda _reply: "答复已报送督查室审核。")


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    reply_row = get_object_or_404(Reply.objects.select_related("proposal", "unit", "grade"), pk=pk)
    policy.require(request.user, "handling.review_reply", reply_row)
    proposal = reply_row.proposal
    form = ReviewReplyForm(
        request.POST or None, initial={"version": reply_row.version, "decision": "accept"}
    )

    def run(data: dict[str, Any]) -> str:
        accept = data["decision"] == "accept"
        actions.review_reply(
            request.user, reply_row, version=data["version"], accept=accept, comment=data["comment"]
        )
        return "答复已审核通过,已送达每位提案者。" if accept else "答复已退回承办单位修改。"

    return _form_page(request, proposal, form, "审核答复", run, {"reply": reply_row} | READ_FIRST)


@login_required
def letter(request: HttpRequest, pk: int) -> HttpResponseBase:
    reply_row = get_object_or_404(Reply.objects.select_related("proposal"), pk=pk)
    policy.require(request.user, "reply.view", reply_row)
    if not reply_row.letter:
        raise PermissionDenied("这份答复没有上传答复函。")
    record_download(
        request.user, reply_row, proposal=reply_row.proposal, name=reply_row.letter.name
    )
    return stored_file_response(
        reply_row.letter,
        filename=f"{reply_row.proposal.number_label}答复函{reply_row.letter.name[-4:]}",
        content_type=reply_row.letter_type or None,
    )


@login_required
def letter_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """The reply letter (答复函) written out as a Word document, to print, stamp and scan."""
    reply_row = get_object_or_404(
        Reply.objects.select_related(
            "proposal__session__body", "proposal__lead_proposer", "unit", "grade", "signer"
        ),
        pk=pk,
    )
    policy.require(request.user, "reply.write_letter", reply_row)
    written = letters.compose(reply_row)
    response = HttpResponse(letters.render(written), content_type=DOCX.content_type)
    response["Content-Disposition"] = content_disposition_header(True, written.filename)
    return response


@login_required
def verdict(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(pk, request.user)
    policy.require(request.user, "feedback.give", proposal)
    form = VerdictForm(request.POST or None, initial={"version": proposal.version})

    def run(data: dict[str, Any]) -> str:
        version = data.pop("version")
        feedback = actions.submit_verdict(request.user, proposal, version=version, **data)
        if feedback.result == "dissatisfied":
            return "感谢反馈。您对办理结果不满意,承办单位将重新办理并再次答复。"
        return "感谢您的评价,这件提案已办结。"

    replies = (
        proposal.replies.filter(status=Reply.Status.ACCEPTED)
        .select_related("unit", "grade", "signer")
        .order_by("-round", "id")
    )
    extra = {"replies": replies, "submit_label": "提交评价"} | READ_FIRST
    return _form_page(request, proposal, form, "征询意见", run, extra)


@login_required
def extend(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(pk, request.user)
    policy.require(request.user, "handling.extend", proposal)
    form = ExtendForm(request.POST or None)

    def run(data: dict[str, Any]) -> str:
        actions.extend_deadline(request.user, proposal, **data)
        return "答复期限已延长。"

    return _form_page(request, proposal, form, "延长答复期限", run)


@login_required
@require_POST
def close_without_verdict(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(pk, request.user)
    try:
        with transaction.atomic():
            actions.close_without_verdict(request.user, proposal, version=posted_version(request))
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "已按逾期未反馈办结(不计入满意)。")
    return _back(proposal)
