"""Writing the audit log. Callers are actions, already inside their transaction.

Appending is serialised on the chain's head row (`select_for_update`), so two writers never
fork the chain; on SQLite writes are serialised anyway (`transaction_mode=IMMEDIATE`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from tian.audit import chain
from tian.audit.context import event_time, source_ip
from tian.audit.events import EventType
from tian.audit.models import AuditChain, AuditEvent, Outcome


def record_event(
    actor: Any,
    event_type: str,
    *,
    proposal: Any = None,
    target: models.Model | None = None,
    message: str = "",
    outcome: str = Outcome.SUCCESS,
    **data: Any,
) -> AuditEvent:
    """Append one audit event describing a change that the caller has just made."""
    event = AuditEvent(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        event_type=event_type,
        proposal=proposal,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        message=message,
        outcome=outcome,
        data=data,
    )
    (event,) = record_events([event])
    return event


def record_events(events: Sequence[AuditEvent]) -> list[AuditEvent]:
    """Append unsaved events in the order given, chained in one go (imports, the demo)."""
    if not events:
        return []
    ip = source_ip.get()
    when = event_time.get()
    with transaction.atomic():
        head = _lock_head()
        previous = head.last_hash or head.anchor_hash or chain.GENESIS
        secret = chain.key()
        for event in events:
            _complete(event, ip, when)
            event.prev_hash = previous
            event.hash = chain.compute(_content(event), secret)
            previous = event.hash
        saved = AuditEvent.objects.all()._append(list(events))
        head.last_hash = previous
        head.last_event_id = saved[-1].pk
        head.save(update_fields=["last_hash", "last_event_id"])
    return saved


def _lock_head() -> AuditChain:
    head = AuditChain.objects.select_for_update().filter(pk=1).first()
    if head is None:
        # A new or emptied database: the first writer creates the head row.
        head, _ = AuditChain.objects.get_or_create(pk=1)
        head = AuditChain.objects.select_for_update().get(pk=1)
    return head


def _complete(event: AuditEvent, ip: str, when: Any) -> None:
    if event.hash:
        raise RuntimeError("审计事件已经写入,不能再次追加。")
    actor = event.actor if event.actor_id else None
    if actor is not None and not event.actor_username:
        event.actor_username = actor.get_username()
    if when is not None:
        event.created_at = when
    elif event.created_at is None:
        event.created_at = timezone.now()
    if not event.ip:
        event.ip = ip
    event.data = chain.normalise_data(event.data or {})
    event.message = event.message or ""


def _content(event: AuditEvent) -> dict[str, Any]:
    return {name: getattr(event, name) for name in chain.HASHED}


def record_download(
    actor: Any, target: models.Model, *, proposal: Any = None, name: str = ""
) -> AuditEvent:
    """Note that `actor` downloaded a file (an attachment, a letter, evidence, a photo)."""
    return record_event(
        actor, EventType.FILE_DOWNLOADED, proposal=proposal, target=target, message=name
    )


def record_export(
    actor: Any, event_type: str, *, target: models.Model | None, name: str, **data: Any
) -> AuditEvent:
    """Note that `actor` exported records (a ledger, an evaluation, a report, a filtered list)
    as `name`; `data` says which (the filter, how many rows)."""
    return record_event(actor, event_type, target=target, message=name, **data)
