"""Writing the audit log. Callers are actions, already inside their transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from tian.audit.models import AuditEvent


def record_event(
    actor: Any,
    event_type: str,
    *,
    proposal: Any = None,
    target: models.Model | None = None,
    message: str = "",
    **data: Any,
) -> AuditEvent:
    """Append one audit event describing a change that the caller has just made."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        event_type=event_type,
        proposal=proposal,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        message=message,
        data=data,
    )
