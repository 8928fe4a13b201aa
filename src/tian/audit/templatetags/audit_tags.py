"""The audit log's template filter (loaded as a builtin, like `tian.lib.templatetags.tian`)."""

from __future__ import annotations

from django import template

from tian.audit.events import label_for

register = template.Library()


@register.filter
def event_label(event_type: str) -> str:
    """An event type's Chinese name (proposal.filed → 立案)."""
    return label_for(event_type)
