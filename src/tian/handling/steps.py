"""The guards, effects and audiences of the workflow (tian/workflow/fixtures/workflows.json)
that need handling's rows: assignments, objections, replies, verdicts, re-handling.

Registered into the engine's registry when handling starts (HandlingConfig.ready).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Max, Q

from tian.handling import deadlines
from tian.handling.models import Assignment, ReassignmentRequest, Rehandling, Reply, Verdict
from tian.handling.replies import set_reply_status
from tian.lib.errors import ActionError
from tian.proposals.models import Proposal
from tian.workflow.engine import Ask, Step, asks, effect, guard
from tian.workflow.recipients import Audience, audiences


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


@guard("contact_before_reply")
def _contact_before_reply(step: Step) -> None:
    """先联系后答复: the replying unit (on a step without a reply: a leading unit) has talked
    with the proposer at least once."""
    reply = step.data.get("reply")
    if reply is not None:
        units = [reply.unit_id]
    else:
        units = step.proposal.assignments.active().leading().values_list("unit_id", flat=True)
    if not step.proposal.contacts.filter(unit_id__in=units).exists():
        raise ActionError("答复前须至少与提案者沟通联系一次,请先记录沟通情况。")


@guard("co_opinions_first")
def _co_opinions_first(step: Step) -> None:
    """协办意见先到: every active co-unit has sent its opinion to the lead unit."""
    co_units = step.proposal.assignments.active().co().select_related("unit")
    answered = set(step.proposal.co_opinions.values_list("unit_id", flat=True))
    waiting = [a.unit.display_name for a in co_units if a.unit_id not in answered]
    if waiting:
        raise ActionError(f"还在等待协办单位的意见:{'、'.join(waiting)}。")


@guard("verdict_given")
def _verdict_given(step: Step) -> None:
    if step.data.get("result") not in Verdict.values:
        raise ActionError("请先填写征询意见。")


@guard("verdict_window_passed")
def _verdict_window_passed(step: Step) -> None:
    reply = (
        step.proposal.replies.filter(status=Reply.Status.ACCEPTED).order_by("-round", "-id").first()
    )
    if reply is None or reply.replied_on is None:
        raise ActionError("尚无已答复的记录。")
    due = deadlines.verdict_due(reply.replied_on)
    if not due.is_overdue(step.today):
        raise ActionError(f"征询意见期限未满({due.explain()}),不能按未反馈办结。")


@effect("activate_assignments")
def _activate_assignments(step: Step) -> None:
    step.proposal.assignments.filter(status=Assignment.Status.PROPOSED).update(
        status=Assignment.Status.ACTIVE, assigned_on=step.today, deadline_from=step.today
    )


@effect("date_reply")
def _date_reply(step: Step) -> None:
    reply = step.data["reply"]
    set_reply_status(reply, Reply.Status.ACCEPTED, today=step.today)
    reply.review_comment = step.data.get("comment", "")
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


def _unit_ids(proposal: Proposal, *, lead_only: bool = False) -> list[int]:
    active = proposal.assignments.active()
    if lead_only:
        active = active.leading()
    return list(active.values_list("unit_id", flat=True))


def _units(proposal: Proposal) -> Q:
    """Everyone in a unit actively handling the proposal (lead, co or joint)."""
    return Q(role_assignments__unit_id__in=_unit_ids(proposal))


def _lead_unit(proposal: Proposal) -> Q:
    """Everyone in the unit(s) leading the proposal's handling."""
    return Q(role_assignments__unit_id__in=_unit_ids(proposal, lead_only=True))


audiences.register(Audience("units", _units), key="units")
audiences.register(Audience("lead_unit", _lead_unit), key="lead_unit")


def _co_units(proposal: Proposal) -> Q:
    """Everyone in a unit assisting (协办) the proposal's handling."""
    co = proposal.assignments.active().co().values_list("unit_id", flat=True)
    return Q(role_assignments__unit_id__in=list(co))


audiences.register(Audience("co_units", _co_units), key="co_units")


def _objection_due(step: Step) -> date:
    return deadlines.objection_due(step.today).due


def _co_opinion_due(step: Step) -> date:
    return deadlines.co_opinion_due(deadlines.reply_due(step.today)).due


def _verdict_due(step: Step) -> date:
    # The reply was dated today by `date_reply`; the verdict window runs from it.
    return deadlines.verdict_due(step.today).due


def _rehandling_due(step: Step) -> date:
    return deadlines.rehandling_due(step.today).due


# What the handling steps ask, and by when, computed from handling's deadlines: the lead unit
# signs for a new assignment (or objects) within the window, a co-unit sends its opinion, the
# proposer gives a verdict on the reply, the lead unit replies again after 不满意.
for ask in (
    Ask("assign", "units", "签收", among="lead_unit", due=_objection_due),
    Ask("assign", "units", "提出协办意见", among="co_units", due=_co_opinion_due),
    Ask("accept_reply", "proposer", "评价", due=_verdict_due),
    Ask("rehandle", "lead_unit", "重新办理答复", due=_rehandling_due),
):
    asks.register(ask, key=f"{ask.transition}.{ask.among or ask.audience}")
