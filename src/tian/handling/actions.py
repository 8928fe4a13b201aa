"""Every change during handling (办理): assignment, objections, contact, co-unit opinions,
replies and their review, the proposer's verdict, extensions and re-handling.

Each action checks the policy, runs in one transaction, writes one audit event; status
changes go through the workflow engine (`fire`).

Lock order (on PostgreSQL two actions taking the same rows in opposite orders deadlock):
every action that locks rows locks **the proposal first** (`lock_proposal`), and only then
its children — its replies, assignments, reassignment requests, commitments, tracking rows,
supervision notices — each kind in a fixed order (a parent commitment after its child). An
action never locks a child and then its proposal, not even by evaluating an argument before
calling `fire`, which locks the proposal itself. A second `lock_proposal` in the same
transaction is free, so an action may lock the proposal, then a child, then call `fire`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from tian import policy
from tian.audit.actions import record_event
from tian.audit.events import EventType
from tian.directory.models import Unit
from tian.handling import deadlines
from tian.handling.hooks import CommitmentInput, reply_saved
from tian.handling.models import (
    Assignment,
    Contact,
    CoOpinion,
    Extension,
    Feedback,
    Grade,
    ReassignmentRequest,
    Reply,
    Verdict,
)
from tian.handling.replies import (
    LETTER_STATES,
    SIGN,
    SUBMIT,
    LetterLines,
    may_move,
    refuse_if,
    reply_problems,
    set_reply_status,
)
from tian.handling.steps import current_round
from tian.lib.dates import cn_date
from tian.lib.errors import ActionError, ConflictError
from tian.lib.uploads import JPEG, PDF, PNG, check_upload
from tian.proposals.locking import lock_proposal
from tian.proposals.models import Proposal, Status
from tian.workflow.engine import Step, fire

LETTER_TYPES = (PDF, PNG, JPEG)


def _check_units(lead: Unit | None, co: Sequence[Unit], joint: Sequence[Unit]) -> None:
    if lead is None:
        raise ActionError("请选择一个主办单位。")
    everyone = [lead, *co, *joint]
    if len({u.pk for u in everyone}) != len(everyone):
        raise ActionError("同一单位不能重复交办(主办、协办、会办只能选一种)。")


def _replace_assignments(
    actor: Any, proposal: Proposal, lead: Unit, co: Sequence[Unit], joint: Sequence[Unit]
) -> None:
    proposal.assignments.filter(status=Assignment.Status.PROPOSED).delete()
    rows = [(lead, Assignment.Role.LEAD)]
    rows += [(u, Assignment.Role.CO) for u in co]
    rows += [(u, Assignment.Role.JOINT) for u in joint]
    for unit, role in rows:
        Assignment.objects.update_or_create(
            proposal=proposal,
            unit=unit,
            defaults={"role": role, "status": Assignment.Status.PROPOSED, "proposed_by": actor},
        )


def propose_units(
    actor: Any,
    proposal: Proposal,
    *,
    lead: Unit | None,
    co: Sequence[Unit] = (),
    joint: Sequence[Unit] = (),
) -> None:
    """The proposal committee suggests handling units (拟交办); the office confirms them."""
    policy.require(actor, "assignment.propose", proposal)
    _check_units(lead, co, joint)
    with transaction.atomic():
        proposal = lock_proposal(proposal, None)
        if proposal.status != Status.FILED:
            raise ActionError("只有已立案、尚未交办的提案可以拟定承办单位。")
        _replace_assignments(actor, proposal, lead, co, joint)
        names = "、".join(u.display_name for u in [lead, *co, *joint])
        record_event(actor, EventType.UNITS_PROPOSED, proposal=proposal, message=names)


def assign_proposal(
    actor: Any,
    proposal: Proposal,
    *,
    version: int,
    lead: Unit | None,
    co: Sequence[Unit] = (),
    joint: Sequence[Unit] = (),
) -> Proposal:
    """The government office assigns (交办): one lead unit, any co-units or joint leads."""
    _check_units(lead, co, joint)

    def place(step: Step) -> None:
        _replace_assignments(actor, step.proposal, lead, co, joint)

    parts = [f"主办:{lead.display_name}"]
    if co:
        parts.append("协办:" + "、".join(u.display_name for u in co))
    if joint:
        parts.append("会办:" + "、".join(u.display_name for u in joint))
    return fire(
        actor,
        proposal,
        "assign",
        version=version,
        message=";".join(parts),
        data={"lead": lead},
        apply=place,
    )


@dataclass
class AssignmentRow:
    """One proposal of a batch assignment and the units the office chose for it."""

    proposal: Proposal
    version: int
    lead: Unit | None
    co: Sequence[Unit] = ()
    joint: Sequence[Unit] = ()


class BatchRefused(ActionError):
    """A batch assignment refused as a whole; `errors` holds each refusal, per proposal id."""

    def __init__(self, errors: dict[int, ActionError]) -> None:
        super().__init__(f"有{len(errors)}件提案未能交办,本批提案均未交办,请修改后重新确认。")
        self.errors = errors


def assign_batch(actor: Any, rows: Sequence[AssignmentRow]) -> list[Proposal]:
    """The office assigns many proposals at once (批量交办): all of them or none.

    Each goes through `assign_proposal` (its own audit event and notifications); one refused
    row refuses the batch, with every row's reason, and nothing is written or sent.
    """
    policy.require(actor, "assignment.assign")
    if not rows:
        raise ActionError("请勾选要交办的提案。")
    errors: dict[int, ActionError] = {}
    done: list[Proposal] = []
    with transaction.atomic():
        # Proposals in id order: two batches locking the same rows never wait on each other.
        for row in sorted(rows, key=lambda r: r.proposal.pk):
            try:
                with transaction.atomic():
                    # Changed since the office looked (assigned meanwhile, say): say so first,
                    # before anything about the units chosen for what it no longer is.
                    lock_proposal(row.proposal, row.version)
                    done.append(
                        assign_proposal(
                            actor,
                            row.proposal,
                            version=row.version,
                            lead=row.lead,
                            co=row.co,
                            joint=row.joint,
                        )
                    )
            except ActionError as error:
                errors[row.proposal.pk] = error
        if errors:
            # Back out the rows that went through, their events and queued notifications.
            transaction.set_rollback(True)
    if errors:
        raise BatchRefused(errors)
    return done


def object_to_assignment(
    actor: Any, assignment: Assignment, *, reason: str, suggested_unit: str = ""
) -> ReassignmentRequest:
    """A unit objects to its assignment (申请调整) within the window, with a reason."""
    policy.require(actor, "assignment.object", assignment)
    if not reason.strip():
        raise ActionError("请写明申请调整的理由。")
    with transaction.atomic():
        lock_proposal(assignment.proposal, None)
        assignment.refresh_from_db()
        if assignment.status != Assignment.Status.ACTIVE:
            raise ActionError("该交办已撤回,无需申请调整。")
        if assignment.proposal.status not in (Status.ASSIGNED, Status.HANDLING):
            raise ActionError("提案已答复,不能再申请调整承办单位。")
        due = deadlines.objection_due(assignment.assigned_on or timezone.localdate())
        if due.is_overdue(timezone.localdate()):
            raise ActionError(f"已超过申请调整期限:{due.explain()}")
        if assignment.reassignment_requests.filter(status=ReassignmentRequest.Status.PENDING):
            raise ActionError("本单位的调整申请正在处理中。")
        request = ReassignmentRequest.objects.create(
            assignment=assignment,
            reason=reason.strip(),
            suggested_unit=suggested_unit.strip(),
            created_by=actor,
        )
        record_event(
            actor,
            EventType.OBJECTION_FILED,
            proposal=assignment.proposal,
            target=request,
            message=f"{assignment.unit.display_name}:{reason.strip()}",
        )
        _tell(
            assignment.proposal,
            ["gov_office"],
            actor,
            f"{assignment.unit}申请调整承办单位",
            action="处理调整申请",
        )
    return request


def decide_objection(
    actor: Any,
    request: ReassignmentRequest,
    *,
    accept: bool,
    comment: str = "",
    new_unit: Unit | None = None,
    reset_deadline: bool = False,
) -> ReassignmentRequest:
    """The office reassigns (keeping the original deadline unless it resets it) or refuses."""
    policy.require(actor, "assignment.decide_objection", request)
    if not accept and not comment.strip():
        raise ActionError("不予调整时请写明理由,承办单位会看到。")
    with transaction.atomic():
        proposal = lock_proposal(request.assignment.proposal, None)
        request = ReassignmentRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != ReassignmentRequest.Status.PENDING:
            raise ConflictError("这项调整申请已被处理过了。")
        old = request.assignment
        message = f"不予调整:{comment}" if not accept else ""
        if accept:
            if new_unit is None:
                raise ActionError("同意调整时请选择新的承办单位。")
            if proposal.assignments.filter(unit=new_unit, status=Assignment.Status.ACTIVE).exists():
                raise ActionError(f"{new_unit}已在承办这件提案。")
            today = timezone.localdate()
            old.status = Assignment.Status.WITHDRAWN
            old.save(update_fields=["status"])
            Assignment.objects.update_or_create(
                proposal=proposal,
                unit=new_unit,
                defaults={
                    "role": old.role,
                    "status": Assignment.Status.ACTIVE,
                    "assigned_on": today,
                    "deadline_from": today if reset_deadline else old.deadline_from,
                    "proposed_by": actor,
                },
            )
            kept = "办理期限重新起算" if reset_deadline else "办理期限不变"
            message = f"{old.unit.display_name}改由{new_unit.display_name}办理,{kept}。{comment}"
        request.status = (
            ReassignmentRequest.Status.ACCEPTED if accept else ReassignmentRequest.Status.REJECTED
        )
        request.decided_at = timezone.now()
        request.decided_by = actor
        request.decision_comment = comment
        request.save()
        proposal.version += 1
        proposal.save(update_fields=["version"])
        record_event(
            actor, EventType.OBJECTION_DECIDED, proposal=proposal, target=request, message=message
        )
        _tell(proposal, ["units"], actor, f"调整申请已处理:{message}")
    return request


def accept_assignment(actor: Any, proposal: Proposal, *, version: int) -> Proposal:
    """The lead unit signs for the proposal (签收) and starts handling it."""
    return fire(actor, proposal, "accept_assignment", version=version)


def earliest_contact_on(proposal: Proposal, unit: Unit) -> date:
    """The first day a unit can have contacted the proposer about a proposal: the day it was
    assigned it (交办日期), else the day its deadline counts from, else the session's first day."""
    row = proposal.assignments.filter(unit=unit).values("assigned_on", "deadline_from").first()
    found = row and (row["assigned_on"] or row["deadline_from"])
    return found or date(proposal.session.year, 1, 1)


def contact_date_problem(contacted_on: date, earliest: date) -> str | None:
    """Why a contact date cannot be right (before the assignment, after today), or None."""
    if contacted_on < earliest:
        return f"沟通日期不能早于交办日期({cn_date(earliest)})。"
    if contacted_on > timezone.localdate():
        return "沟通日期不能晚于今天。"
    return None


def log_contact(
    actor: Any,
    proposal: Proposal,
    *,
    unit: Unit,
    method: str,
    stage: str,
    contacted_on: date,
    summary: str,
    participants: str = "",
) -> Contact:
    """Record a contact with the proposer (沟通、面商)."""
    policy.require(actor, "handling.contact", (proposal, unit))
    if not summary.strip():
        raise ActionError("请简要记录沟通情况。")
    if problem := contact_date_problem(contacted_on, earliest_contact_on(proposal, unit)):
        raise ActionError(problem)
    with transaction.atomic():
        proposal = lock_proposal(proposal, None)
        if not policy.can(actor, "handling.log_contact", (proposal, unit)):
            raise ActionError("只有办理中的提案可以记录沟通情况。")
        contact = Contact.objects.create(
            proposal=proposal,
            unit=unit,
            method=method,
            stage=stage,
            contacted_on=contacted_on,
            participants=participants.strip(),
            summary=summary.strip(),
            created_by=actor,
        )
        record_event(
            actor,
            EventType.CONTACT_LOGGED,
            proposal=proposal,
            target=contact,
            message=f"{unit.display_name}{contact.get_method_display()}({contact.get_stage_display()})",
        )
    return contact


def submit_co_opinion(actor: Any, proposal: Proposal, *, unit: Unit, text: str) -> CoOpinion:
    """A co-unit sends its opinion (协办意见) to the lead unit."""
    policy.require(actor, "handling.co_opinion", (proposal, unit))
    if not text.strip():
        raise ActionError("请填写协办意见。")
    with transaction.atomic():
        proposal = lock_proposal(proposal, None)
        if not policy.can(actor, "handling.send_co_opinion", (proposal, unit)):
            raise ActionError("提案已答复,不能再提交协办意见。")
        opinion, created = CoOpinion.objects.update_or_create(
            proposal=proposal,
            unit=unit,
            defaults={"text": text.strip(), "created_by": actor},
        )
        record_event(
            actor,
            EventType.CO_OPINION_SUBMITTED,
            proposal=proposal,
            target=opinion,
            message=unit.display_name + ("" if created else "(更新)"),
        )
        _tell(proposal, ["lead_unit"], actor, f"{unit.display_name}已提交协办意见")
    return opinion


def save_reply(
    actor: Any,
    proposal: Proposal,
    *,
    reply_version: int | None,
    unit: Unit,
    grade: Grade | None,
    situation: str,
    measures: str,
    plan: str,
    disclosure: str,
    disclosure_reason: str = "",
    commitments: Iterable[CommitmentInput] = (),
    letter: Any = None,
    letter_lines: LetterLines | None = None,
) -> Reply:
    """Draft or revise the lead unit's reply for the current round (起草答复). A draft may
    still lack things (`reply_problems` lists them); revising a signed reply unsigns it."""
    policy.require(actor, "handling.reply", (proposal, unit))
    commitments = list(commitments)
    letter_kind = check_upload(letter, LETTER_TYPES) if letter else None
    with transaction.atomic():
        proposal = lock_proposal(proposal, None)
        if not policy.can(actor, "handling.draft_reply", (proposal, unit)):
            raise ActionError("请先签收;提案办理中才能起草答复。")
        if grade is not None and grade.session_id != proposal.session_id:
            raise ActionError("办理结果分类不属于本次会议。")
        round_ = current_round(proposal)
        reply = (
            Reply.objects.select_for_update()
            .filter(proposal=proposal, round=round_, unit=unit)
            .exclude(status=Reply.Status.ACCEPTED)
            .first()
        )
        if reply is None:
            reply = Reply(proposal=proposal, unit=unit, round=round_, created_by=actor)
        elif reply_version is not None and reply.version != reply_version:
            raise ConflictError(
                "答复刚刚已被他人修改。请查看最新内容后再保存,您填写的内容已保留在表单中。"
            )
        set_reply_status(reply, Reply.Status.DRAFT)
        reply.grade = grade
        reply.situation, reply.measures, reply.plan = situation, measures, plan
        reply.summary = measures.strip() or situation.strip()
        reply.disclosure = disclosure
        reply.disclosure_reason = disclosure_reason.strip()
        if letter_lines is not None:
            letter_lines.apply_to(reply)
        if letter_kind is not None:
            _store_letter(reply, letter, letter_kind)
        reply.save()
        for react in reply_saved:
            react(actor, reply, commitments)
        record_event(actor, EventType.REPLY_SAVED, proposal=proposal, target=reply)
    return reply


def _store_letter(reply: Reply, letter: Any, kind: Any) -> None:
    reply.letter.save(f"答复函-{reply.round}{kind.extensions[0]}", letter, save=False)
    reply.letter_type = kind.content_type


def attach_letter(actor: Any, reply: Reply, *, version: int | None, letter: Any) -> Reply:
    """Attach the stamped, scanned letter (签章答复函) to a reply not yet sent: in the real
    order after the leader signs it, before 报送. The signature stands."""
    policy.require(actor, "handling.reply", (reply.proposal, reply.unit))
    if not letter:
        raise ActionError("请选择盖章后扫描的答复函(PDF 或图片)。")
    kind = check_upload(letter, LETTER_TYPES)
    with transaction.atomic():
        lock_proposal(reply.proposal, None)
        reply = _lock_reply(reply, version)
        if reply.status not in LETTER_STATES:
            raise ActionError("答复已报送或被退回,不能在此更换答复函。")
        _store_letter(reply, letter, kind)
        reply.version += 1
        reply.save()
        record_event(actor, EventType.REPLY_LETTER_ATTACHED, proposal=reply.proposal, target=reply)
    return reply


def sign_reply(actor: Any, reply: Reply, *, version: int) -> Reply:
    """The unit leader signs off the reply's text (负责人签发); the stamped letter follows."""
    policy.require(actor, "handling.sign_reply", reply)
    with transaction.atomic():
        lock_proposal(reply.proposal, None)
        reply = _lock_reply(reply, version)
        if may_move(reply, Reply.Status.SIGNED):
            refuse_if(reply_problems(reply, step=SIGN, actor=actor))
        set_reply_status(reply, Reply.Status.SIGNED, by=actor)
        reply.save()
        record_event(actor, EventType.REPLY_SIGNED, proposal=reply.proposal, target=reply)
    return reply


def submit_reply(actor: Any, reply: Reply, *, version: int) -> Reply:
    """Send the signed reply, with its stamped letter, to the government office (报送)."""
    policy.require(actor, "handling.reply", (reply.proposal, reply.unit))
    with transaction.atomic():
        proposal = lock_proposal(reply.proposal, None)
        reply = _lock_reply(reply, version)
        if may_move(reply, Reply.Status.SUBMITTED):
            refuse_if(reply_problems(reply, step=SUBMIT, actor=actor))
        set_reply_status(reply, Reply.Status.SUBMITTED)
        reply.save()
        record_event(actor, EventType.REPLY_SUBMITTED, proposal=proposal, target=reply)
        _tell(
            proposal,
            ["gov_office"],
            actor,
            f"{reply.unit.display_name}报送了答复,请审核",
            action="审核答复",
        )
    return reply


def review_reply(
    actor: Any, reply: Reply, *, version: int, accept: bool, comment: str = ""
) -> Reply:
    """The office accepts the reply (it goes to every proposer) or returns it with a comment."""
    if not accept:
        return _return_reply(actor, reply, version, comment)
    with transaction.atomic():
        proposal = lock_proposal(reply.proposal, None)
        locked = _lock_reply(reply, version)
        fire(
            actor,
            proposal,
            "accept_reply",
            data={"reply": locked, "comment": comment},
            message=f"{locked.unit.display_name}的答复",
        )
    reply.refresh_from_db()
    return reply


def _return_reply(actor: Any, reply: Reply, version: int, comment: str) -> Reply:
    policy.require(actor, "handling.review_reply", reply)
    if not comment.strip():
        raise ActionError("退回时请写明需要修改的地方。")
    with transaction.atomic():
        lock_proposal(reply.proposal, None)
        reply = _lock_reply(reply, version)
        set_reply_status(reply, Reply.Status.RETURNED)
        reply.review_comment = comment.strip()
        reply.save()
        record_event(
            actor, EventType.REPLY_RETURNED, proposal=reply.proposal, target=reply, message=comment
        )
        due = deadlines.proposal_deadlines(reply.proposal)
        current = due.get("rehandling" if reply.round > 1 else "reply")
        _tell(
            reply.proposal,
            ["lead_unit"],
            actor,
            f"答复被退回修改:{comment.strip()}",
            action="修改答复",
            due_on=current.due if current is not None else None,
        )
    return reply


def _lock_reply(reply: Reply, version: int | None) -> Reply:
    locked = (
        Reply.objects.select_for_update(of=("self",))
        .select_related("grade", "unit", "proposal")
        .get(pk=reply.pk)
    )
    if version is not None and locked.version != version:
        raise ConflictError("答复刚刚已被他人修改或处理,请刷新后再操作。")
    return locked


def extend_deadline(actor: Any, proposal: Proposal, *, new_due_on: date, reason: str) -> Extension:
    """Extend the reply deadline once, with a reason, never past six months (延期)."""
    policy.require(actor, "handling.extend", proposal)
    if not reason.strip():
        raise ActionError("请写明延期理由。")
    with transaction.atomic():
        proposal = lock_proposal(proposal, None)
        lead = deadlines.lead_assignment(proposal)
        if lead is None:
            raise ActionError("提案尚未交办。")
        start = lead.deadline_from or lead.assigned_on
        deadlines.check_extension(start, new_due_on, proposal.extensions.exists())
        if not policy.can(actor, "handling.grant_extension", proposal):
            raise ActionError("提案已答复,不能再延长答复期限。")
        extension = Extension.objects.create(
            proposal=proposal, new_due_on=new_due_on, reason=reason.strip(), approved_by=actor
        )
        record_event(
            actor,
            EventType.DEADLINE_EXTENDED,
            proposal=proposal,
            target=extension,
            message=f"答复期限延至{new_due_on:%Y-%m-%d}:{reason.strip()}",
            due_on=new_due_on.isoformat(),
        )
    return extension


def submit_verdict(
    actor: Any,
    proposal: Proposal,
    *,
    version: int,
    contact_made: bool,
    contact_method: str,
    attitude: str,
    on_target: str,
    result: str,
    comments: str = "",
) -> Feedback:
    """The proposer's verdict (征询意见表); 不满意 on the result starts re-handling."""
    holder: dict[str, Feedback] = {}

    def record(step: Step) -> None:
        round_ = current_round(step.proposal)
        if Feedback.objects.filter(proposal=step.proposal, round=round_).exists():
            raise ActionError("本轮办理的征询意见已经提交过了。")
        feedback = Feedback.objects.create(
            proposal=step.proposal,
            proposer=step.proposal.lead_proposer,
            round=round_,
            contact_made=contact_made,
            contact_method=contact_method,
            attitude=attitude,
            on_target=on_target,
            result=result,
            comments=comments.strip(),
            submitted_at=timezone.now(),
        )
        step.data["feedback"] = feedback
        holder["feedback"] = feedback

    if result not in Verdict.values or attitude not in Verdict.values:
        raise ActionError("请选择对办理态度和办理结果的评价。")
    code = "rehandle" if result == Verdict.DISSATISFIED else "close"
    fire(actor, proposal, code, version=version, data={"result": result}, apply=record)
    return holder["feedback"]


def close_without_verdict(actor: Any, proposal: Proposal, *, version: int) -> Feedback:
    """After the verdict window, record 'no verdict' (not 满意) and close the proposal."""
    holder: dict[str, Feedback] = {}

    def record(step: Step) -> None:
        holder["feedback"] = Feedback.objects.create(
            proposal=step.proposal,
            proposer=step.proposal.lead_proposer,
            round=current_round(step.proposal),
            responded=False,
        )

    fire(actor, proposal, "close_without_verdict", version=version, apply=record)
    return holder["feedback"]


def _tell(
    proposal: Proposal,
    audiences: list[str],
    actor: Any,
    title: str,
    *,
    action: str = "",
    due_on: date | None = None,
) -> None:
    """Tell the audiences about a step (not the actor), with what to do and by when."""
    from tian.notifications.actions import notify
    from tian.workflow.recipients import recipients_for

    users = recipients_for(proposal, audiences, exclude=actor)
    if users:
        notify(
            users,
            kind="handling",
            title=f"{proposal.number_label}:{title}",
            proposal=proposal,
            url=f"/proposals/{proposal.pk}/",
            action=action,
            due_on=due_on,
        )
