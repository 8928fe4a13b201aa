"""Template filters used on every page (loaded as a builtin)."""

from __future__ import annotations

from typing import Any

from django import template

from tian import policy
from tian.lib.dates import cn_date

register = template.Library()


@register.filter
def cndate(value: Any) -> str:
    return cn_date(value)


@register.simple_tag(takes_context=True)
def can(context: template.Context, permission: str, obj: Any = None) -> bool:
    return policy.can(context["request"].user, permission, obj)
