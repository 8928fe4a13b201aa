"""The guards and effects that workflow rows name (fixtures/workflows.json)."""

from __future__ import annotations

from django.db.models import Max

from tian.directory.models import Session
from tian.handling.models import Assignment, ReassignmentRequest, Rehandling, Reply, Verdict
from tian.handling.workflow import Step, effect, guard
from tian.lib.errors import ActionError
from tian.proposals.models import CoSignature, Proposal


@guard("has_title_and_suggestions")
def _has_title_and_suggestions(step: Step) -> None:
    proposal = step.proposal
    missing = [
        label
        for label, value in (("题目", proposal.title), ("具体建议", proposal.suggestions))
        if not value.strip()
    ]
    if missing:
        raise ActionError(f"提交前请填写:{'、'.join(missing)}。")


@guard("session_open")
def _session_open(step: Step) -> None:
    if not step.proposal.session.is_open_for_submission:
        raise ActionError(f"{step.proposal.session}已停止接收提案。")


@guard("has_category")
def _has_category(step: Step) -> None:
    category = step.data.get("category") or step.proposal.category
    if category is None:
        raise ActionError("立案前请选择类别。")
    if category.session_id != step.proposal.session_id:
        raise ActionError("所选类别不属于本次会议。")
    step.data["category"] = category


@guard("has_reason")
def _has_reason(step: Step) -> None:
    if not str(step.data.get("reason", "")).strip():
        raise ActionError("请填写理由,提案者会看到这条理由。")


@guard("has_lead_unit")
def _has_lead_unit(step: Step) -> None:
    if step.data.get("lead") is not None:
        return
    leads = step.proposal.assignments.filter(
        role=Assignment.Role.LEAD, status__in=[Assignment.Status.PROPOSED, Assignment.Status.ACTIVE]
    )
    if not leads.exists():
        raise ActionError("交办前请确定一个主办单位。")


@guard("no_pending_objection")
def _no_pending_objection(step: Step) -> None:
    pending = ReassignmentRequest.objects.filter(
        assignment__proposal=step.proposal, status=ReassignmentRequest.Status.PENDING
    )
    if pending.exists():
        raise ActionError("有承办单位的调整申请尚待督查室处理,处理后才能签收。")


def current_round(proposal: Proposal) -> int:
    return proposal.rehandlings.aggregate(top=Max("round"))["top"] or 1


@guard("reply_submitted")
def _reply_submitted(step: Step) -> None:
    reply = step.data.get("reply")
    if reply is None or reply.status != Reply.Status.SUBMITTED:
        raise ActionError("承办单位尚未报送签发后的答复。")
    if reply.round != current_round(step.proposal):
        raise ActionError("这份答复不属于当前办理轮次。")


@guard("verdict_given")
def _verdict_given(step: Step) -> None:
    if step.data.get("result") not in Verdict.values:
        raise ActionError("请先填写征询意见。")


@guard("verdict_window_passed")
def _verdict_window_passed(step: Step) -> None:
    from tian.handling import deadlines

    reply = (
        step.proposal.replies.filter(status=Reply.Status.ACCEPTED).order_by("-round", "-id").first()
    )
    if reply is None or reply.replied_on is None:
        raise ActionError("尚无已答复的记录。")
    due = deadlines.verdict_due(reply.replied_on)
    if not due.is_overdue(step.today):
        raise ActionError(f"征询意见期限未满({due.explain()}),不能按未反馈办结。")


@effect("assign_number")
def _assign_number(step: Step) -> None:
    proposal = step.proposal
    # Numbers are handed out one at a time per session: lock the session row.
    session = Session.objects.select_for_update().get(pk=proposal.session_id)
    number = step.data.get("number")
    taken = Proposal.objects.filter(session=session, number=number).exclude(pk=proposal.pk)
    if number is None:
        top = Proposal.objects.filter(session=session).aggregate(top=Max("number"))["top"]
        number = (top or 0) + 1
    elif taken.exists():
        raise ActionError(f"第{number}号已被使用,请换一个编号或留空自动编号。")
    proposal.number = number
    proposal.category = step.data.get("category") or proposal.category


@effect("close_invitations")
def _close_invitations(step: Step) -> None:
    step.proposal.cosignatures.filter(status=CoSignature.Status.INVITED).update(
        status=CoSignature.Status.EXPIRED
    )


@effect("activate_assignments")
def _activate_assignments(step: Step) -> None:
    step.proposal.assignments.filter(status=Assignment.Status.PROPOSED).update(
        status=Assignment.Status.ACTIVE, assigned_on=step.today, deadline_from=step.today
    )


@effect("date_reply")
def _date_reply(step: Step) -> None:
    reply = step.data["reply"]
    reply.status = Reply.Status.ACCEPTED
    reply.replied_on = step.today
    reply.review_comment = step.data.get("comment", "")
    reply.version += 1
    reply.save(update_fields=["status", "replied_on", "review_comment", "version"])


@effect("start_rehandling")
def _start_rehandling(step: Step) -> None:
    feedback = step.data["feedback"]
    Rehandling.objects.create(
        proposal=step.proposal,
        feedback=feedback,
        round=feedback.round + 1,
        started_on=step.today,
    )
