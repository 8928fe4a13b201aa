"""A session's categories (类别) as `tian create-session` sets them up."""

from __future__ import annotations

import re
from collections.abc import Sequence

from tian.directory.models import Session
from tian.lib.errors import ActionError
from tian.lib.text import normalised
from tian.proposals.models import Category

MAX_NAME = 40


def parse_categories(text: str) -> list[str]:
    """Split "经济发展类,城乡建设管理类、…" into category names, in order, without duplicates."""
    names: list[str] = []
    for part in re.split(r"[,，;；、\n]+", normalised(text)):
        name = re.sub(r"\s+", "", part)
        if name and name not in names:
            names.append(name)
    return names


def category_names(categories: Sequence[str] | str) -> list[str]:
    """The names given as text or as a list, checked; an ActionError names a name too long."""
    names = (
        parse_categories(categories)
        if isinstance(categories, str)
        else [re.sub(r"\s+", "", normalised(c)) for c in categories if c.strip()]
    )
    for name in names:
        if len(name) > MAX_NAME:
            raise ActionError(f"类别“{name}”超过{MAX_NAME}个字。")
    return names


def add_categories(session: Session, names: list[str]) -> list[str]:
    """Create the categories `session` lacks, after the ones it has; return their names.
    A step of `create_session`: it runs in the caller's transaction and writes no event."""
    existing = set(Category.objects.filter(session=session).values_list("name", flat=True))
    start = len(existing)
    created = []
    for offset, name in enumerate(n for n in names if n not in existing):
        Category.objects.create(session=session, name=name, order=start + offset)
        created.append(name)
    return created
