"""A proposal's history (办理记录) as a person may read it: the events the policy lets them
see, with the message only where it is meant for them, and actors named accordingly."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model

from tian import policy
from tian.audit.events import EventType, label_for
from tian.directory.models import Role
from tian.lib.dates import cn_date
from tian.lib.hooks import Hook


@dataclass(frozen=True)
class UnitOfTarget:
    """How an event's target names the unit it concerns: a model (a reply, a reminder) and
    the path from it to its unit (`unit_id`, `assignment__unit_id`)."""

    model: type[Model]
    unit_field: str

    @property
    def key(self) -> str:
        return self.model._meta.label_lower


# Filled by the apps that own such targets (handling, supervision) from their ready().
unit_of_target: Hook[UnitOfTarget] = Hook("proposals.history.unit_of_target")


@dataclass(frozen=True)
class HistoryEntry:
    created_at: datetime
    label: str
    message: str
    actor: str


def attach_units(events: list[Any]) -> None:
    """Set `concerned_unit_id` on each event: the unit its target belongs to, if any."""
    targets = {target.key: target for target in unit_of_target}
    wanted: dict[str, set[str]] = defaultdict(set)
    for event in events:
        event.concerned_unit_id = (event.data or {}).get("unit")
        if event.object_type in targets and event.object_id:
            wanted[event.object_type].add(event.object_id)
    found: dict[tuple[str, str], Any] = {}
    for label, ids in wanted.items():
        target = targets[label]
        rows = target.model._default_manager.filter(pk__in=ids).values_list("pk", target.unit_field)
        found.update({(label, str(pk)): unit for pk, unit in rows})
    for event in events:
        unit = found.get((event.object_type, event.object_id))
        if unit is not None:
            event.concerned_unit_id = unit


def history_for(user: Any, proposal: Any) -> list[HistoryEntry]:
    """The history of `proposal` that `user` may read, oldest first."""
    from tian.proposals.policy import visible_history  # the policy reads this module's units

    names = policy.can(user, "history.staff_names", proposal)
    return [
        HistoryEntry(
            created_at=event.created_at,
            label=label_for(event.event_type),
            message=event.message if shows_message else public_message(event),
            actor=event.actor_label if names else _public_actor(event, user),
        )
        for event, shows_message in visible_history(user, proposal)
    ]


def public_message(event: Any) -> str:
    """What a reader not meant to see an event's message learns of it (may be nothing)."""
    if event.event_type == EventType.DEADLINE_EXTENDED:
        due = (event.data or {}).get("due_on")
        return f"答复期限延至{cn_date(date.fromisoformat(due))}" if due else "答复期限已延长"
    return ""


_OFFICES = {Role.CPPCC_STAFF: "提案委", Role.GOV_OFFICE: "政府办督查室"}


def _public_actor(event: Any, reader: Any) -> str:
    """An actor as a proposer reads them: members and leaders by name, the reader as
    themself, an office's or a unit's clerk by the office or unit they act for."""
    try:
        actor = event.actor
    except ObjectDoesNotExist:  # the account was deleted since
        actor = None
    if actor is None:
        return "系统" if not event.actor_username else "工作人员"
    if actor.pk == reader.pk:
        return str(actor)
    rows = list(actor.role_assignments.all())
    roles = {row.role for row in rows}
    if roles & {Role.MEMBER, Role.LEADER}:
        return str(actor)
    for role, office in _OFFICES.items():
        if role in roles:
            return office
    units = [row.unit for row in rows if row.unit is not None]
    return units[0].display_name if units else "工作人员"
