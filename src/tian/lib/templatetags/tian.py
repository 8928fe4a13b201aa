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


@register.simple_tag(takes_context=True)
def render_part(context: template.Context, part: Any) -> str:
    """Render a part that a higher app adds to a page (`tian.lib.hooks`): `part.template`
    with the page's context and `part.context` on top, as `{% include %}` would."""
    included = context.template.engine.get_template(part.template)
    with context.push(part.context):
        return included.render(context)
