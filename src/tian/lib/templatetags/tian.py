"""Template filters used on every page (loaded as a builtin)."""

from __future__ import annotations

from typing import Any

from django import template

from tian import policy
from tian.audit.events import label_for
from tian.lib.dates import cn_date

register = template.Library()


@register.filter
def cndate(value: Any) -> str:
    return cn_date(value)


@register.filter
def event_label(event_type: str) -> str:
    return label_for(event_type)


@register.simple_tag(takes_context=True)
def can(context: template.Context, permission: str, obj: Any = None) -> bool:
    return policy.can(context["request"].user, permission, obj)
