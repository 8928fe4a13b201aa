"""The guards and effects of intake that the workflow rows name (fixtures/workflows.json):
a complete draft, an open session, a category, a reason, the session number.

Guards and effects that need a higher floor's rows are registered from there
(`tian.handling.steps`).
"""

from __future__ import annotations

from django.db.models import Max

from tian.directory.models import Session
from tian.lib.errors import ActionError
from tian.proposals.models import CoSignature, Proposal
from tian.workflow.engine import Ask, Step, asks, effect, guard


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


@effect("assign_number")
def _assign_number(step: Step) -> None:
    proposal = step.proposal
    # Numbers are handed out one at a time per session: lock the session row. FOR NO KEY
    # UPDATE, not FOR UPDATE: a draft saved meanwhile checks its (deferred) foreign key to
    # the session at COMMIT with FOR KEY SHARE, after taking the audit chain; FOR UPDATE
    # would block it there while this filing waits for the chain — a deadlock under load.
    session = Session.objects.select_for_update(no_key=True).get(pk=proposal.session_id)
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


# What intake's steps ask of the staff they tell (no deadline of their own).
for ask in (
    Ask("submit", "cppcc_staff", "立案审查"),
    Ask("file", "gov_office", "交办"),
):
    asks.register(ask, key=f"{ask.transition}.{ask.audience}")
