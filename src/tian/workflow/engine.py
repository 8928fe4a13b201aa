"""The workflow engine (办理流程): status changes as data-declared transitions.

The core statuses live in code (`proposals.models.Status`) because figures rely on them;
which transitions a jurisdiction uses, who may fire them, their guards, effects and whom
they notify are rows of `Workflow`/`Transition` (default: fixtures/workflows.json).
Firing a transition is one transaction with the proposal row locked, one audit event,
and notifications queued for after the commit. The proposal is the first row a transaction
locks (the lock order in `tian.handling.actions`): a caller that needs a child row locked
too locks the proposal, then the child, then fires.

Guards and effects are registered by name (`guard`, `effect`): intake's here
(`tian.workflow.steps`), those that need a higher floor's rows from that floor
(`tian.handling.steps`), each from its AppConfig.ready.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from tian import policy
from tian.audit.actions import record_event
from tian.lib.errors import ActionError
from tian.lib.hooks import Hook as PartsHook
from tian.proposals.locking import lock_proposal
from tian.proposals.models import Proposal, Status
from tian.workflow.fixture import sync_workflows
from tian.workflow.models import Transition, Workflow
from tian.workflow.recipients import recipients_for


@dataclass
class Step:
    """What a guard or an effect sees: who fires which transition on which proposal."""

    actor: Any
    proposal: Proposal
    transition: Transition
    data: dict[str, Any] = field(default_factory=dict)
    today: date = field(default_factory=timezone.localdate)


Hook = Callable[[Step], None]
GUARDS: dict[str, Hook] = {}
EFFECTS: dict[str, Hook] = {}


def guard(name: str) -> Callable[[Hook], Hook]:
    """Register a guard: a check that raises ActionError (in Chinese) to refuse a step."""

    def register(function: Hook) -> Hook:
        GUARDS[name] = function
        return function

    return register


def effect(name: str) -> Callable[[Hook], Hook]:
    """Register an effect: a change made in the same transaction as the step."""

    def register(function: Hook) -> Hook:
        EFFECTS[name] = function
        return function

    return register


def workflow_for(proposal: Proposal) -> Workflow:
    kind = proposal.session.body.kind
    workflow = Workflow.objects.filter(body_kind=kind).first()
    if workflow is None and not Workflow.objects.exists():
        # A database emptied by hand (or by a test flush) gets the shipped defaults back.
        sync_workflows(Workflow, Transition, replace=False)
        workflow = Workflow.objects.filter(body_kind=kind).first()
    if workflow is None:
        raise ActionError(f"尚未配置适用于{proposal.session.body}的办理流程,请联系系统管理员。")
    return workflow


def transitions_from(proposal: Proposal) -> list[Transition]:
    """The transitions of the proposal's workflow that start at its current status."""
    return list(workflow_for(proposal).transitions.filter(source=proposal.status))


def find_transition(proposal: Proposal, code: str) -> Transition:
    for candidate in transitions_from(proposal):
        if candidate.code == code:
            return candidate
    label = Transition.objects.filter(code=code).values_list("label", flat=True).first() or code
    raise ActionError(
        f"{proposal.number_label}当前状态为“{proposal.get_status_display()}”,不能执行“{label}”。"
    )


def check_guards(
    actor: Any, proposal: Proposal, code: str, *, data: dict[str, Any] | None = None
) -> None:
    """Run the guards of step `code` without taking it, raising the first refusal.

    For an action that prepares a step someone else takes (a unit submits the reply the
    office will accept): the refusal reaches the one who can still fix it. Uses the step from
    the proposal's status, else any step of that code in its workflow; none, nothing to check.
    """
    step = _step_to_check(actor, proposal, code, data)
    for name in step.transition.guards if step else ():
        GUARDS[name](step)


def guard_refusals(
    actor: Any, proposal: Proposal, code: str, *, data: dict[str, Any] | None = None
) -> list[str]:
    """Every refusal the guards of step `code` would give now, in their order (each guard's
    message), for a page that lists what is still missing before the step can be taken."""
    step = _step_to_check(actor, proposal, code, data)
    refusals = []
    for name in step.transition.guards if step else ():
        try:
            GUARDS[name](step)
        except ActionError as error:
            refusals.append(error.message)
    return refusals


def _step_to_check(
    actor: Any, proposal: Proposal, code: str, data: dict[str, Any] | None
) -> Step | None:
    """Step `code` from the proposal's status, else any step of that code in its workflow."""
    steps = [t for t in workflow_for(proposal).transitions.all() if t.code == code]
    here = [t for t in steps if t.source == proposal.status]
    if not steps:
        return None
    return Step(actor=actor, proposal=proposal, transition=(here or steps)[0], data=data or {})


def available_transitions(user: Any, proposal: Proposal) -> list[Transition]:
    """Transitions `user` may fire on `proposal` now (guards are checked only when firing)."""
    return [t for t in transitions_from(proposal) if policy.can(user, "transition", (proposal, t))]


def fire(
    actor: Any,
    proposal: Proposal,
    code: str,
    *,
    version: int | None = None,
    message: str | Callable[[Proposal], str] = "",
    data: dict[str, Any] | None = None,
    apply: Hook | None = None,
) -> Proposal:
    """Move `proposal` along transition `code`: lock, check, change, audit, notify on commit.

    `apply` makes the action's own changes (a number, a category, a reason) after the
    guards pass and before the effects run; all of it commits or none of it does.
    """
    with transaction.atomic():
        # Who may act is decided first: before whether they saw the latest version, and
        # before whether the proposal's state allows the step (someone who may never take
        # it is refused as such, not told the state is wrong).
        locked = lock_proposal(proposal, None)
        _require_may_take(actor, locked, code)
        if (
            version is not None
            and locked.version != version
            and not any(t.code == code for t in transitions_from(locked))
        ):
            lock_proposal(locked, version)  # moved on since the user looked: a conflict
        transition = find_transition(locked, code)
        policy.require(actor, "transition", (locked, transition))
        proposal = lock_proposal(locked, version)
        step = Step(actor=actor, proposal=proposal, transition=transition, data=data or {})
        for name in transition.guards:
            GUARDS[name](step)
        if apply is not None:
            apply(step)
        previous = proposal.status
        proposal.status = transition.target
        for name in transition.effects:
            EFFECTS[name](step)
        proposal.version += 1
        proposal.save()
        record_event(
            actor,
            f"transition.{code}",
            proposal=proposal,
            target=proposal,
            # A callable message describes the outcome (a number given by an effect).
            message=message(proposal) if callable(message) else message,
            transition=transition.label,
            source=previous,
            target_status=proposal.status,
        )
        _notify(step)
    return proposal


def _require_may_take(actor: Any, proposal: Proposal, code: str) -> None:
    """Refuse (PermissionDenied) someone the policy lets take `code` from no state at all."""
    steps = [t for t in workflow_for(proposal).transitions.all() if t.code == code]
    if steps and not any(policy.can(actor, "transition", (proposal, t)) for t in steps):
        policy.require(actor, "transition", (proposal, steps[0]))


@dataclass(frozen=True)
class Ask:
    """What a step asks of some of the people it tells, and by when ("请于12月18日前评价").

    `audience` is a name in the transition's `notify`; the ask goes to `among` (another
    audience name, narrower: the lead unit among the units) or, if empty, to all of them.
    `due` computes the date from the step (handling's deadlines), never stored.
    """

    transition: str
    audience: str
    action: str
    among: str = ""
    due: Callable[[Step], date | None] | None = None


# Registered by the app that knows the step's deadlines (handling: from its ready()).
asks: PartsHook[Ask] = PartsHook("workflow.asks")


def _notify(step: Step) -> None:
    if not step.transition.notify:
        return
    from tian.notifications.actions import notify

    proposal = step.proposal
    code = step.transition.code
    told: set[int] = set()

    def tell(users: list[Any], action: str = "", due_on: date | None = None) -> None:
        fresh = [user for user in users if user.pk not in told]
        told.update(user.pk for user in fresh)
        if fresh:
            notify(
                fresh,
                kind=f"transition.{code}",
                title=f"{proposal.number_label}{proposal.title}:{step.transition.label}",
                body=f"当前状态:{Status(proposal.status).label}",
                proposal=proposal,
                url=f"/proposals/{proposal.pk}/",
                action=action,
                due_on=due_on,
            )

    for ask in asks:
        if ask.transition == code and ask.audience in step.transition.notify:
            users = recipients_for(proposal, [ask.among or ask.audience], exclude=step.actor)
            tell(users, ask.action, ask.due(step) if ask.due is not None else None)
    tell(recipients_for(proposal, step.transition.notify, exclude=step.actor))
