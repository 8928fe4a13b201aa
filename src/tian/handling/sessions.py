"""Setting up a session (设立会议): its body and term (directory), categories (proposals) and
grade set (handling) in one action. It lives here, on the lowest floor that knows all three.

`create_session` is safe to run again with the same arguments: it creates what is missing,
corrects grade labels and statistical classes, and refuses arguments that contradict what
already exists. It writes one audit event, and none when nothing changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from tian.audit.actions import record_event
from tian.audit.events import EventType
from tian.directory.actions import check_session_arguments, find_or_create_session, session_term
from tian.directory.models import Body, Session
from tian.handling.grades import GradeSpec, parse_grades, set_up_grades
from tian.lib.text import normalised
from tian.proposals.categories import add_categories, category_names


@dataclass
class SessionSetup:
    """What `create_session` found and what it created or corrected."""

    session: Session
    created_body: bool = False
    created_term: bool = False
    created_session: bool = False
    created_categories: list[str] = field(default_factory=list)
    created_grades: list[str] = field(default_factory=list)
    updated_grades: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.created_body
            or self.created_term
            or self.created_session
            or self.created_categories
            or self.created_grades
            or self.updated_grades
        )

    def summary_lines(self) -> list[str]:
        """The outcome in Chinese, one line per fact, for the console."""
        session = self.session
        lines = [
            f"{'已创建' if self.created_session else '已存在'}会议 {session.slug}:"
            f"{session.body.name}{session.name}({session.year}年,{session.term.name})"
        ]
        if self.created_body:
            lines.append(f"新建机构:{session.body.name}")
        if self.created_term:
            lines.append(f"新建届次:{session.term.name}")
        if self.created_categories:
            lines.append(f"新建类别:{'、'.join(self.created_categories)}")
        if self.created_grades:
            lines.append(f"新建办理结果分类:{'、'.join(self.created_grades)}")
        if self.updated_grades:
            lines.append(f"更新办理结果分类:{'、'.join(self.updated_grades)}")
        if not self.changed:
            lines.append("没有需要修改的内容。")
        return lines


def create_session(
    actor: Any,
    slug: str,
    *,
    body: str,
    name: str,
    year: int,
    categories: Sequence[str] | str = (),
    grades: Sequence[GradeSpec] | str = (),
    term: str | None = None,
    body_kind: str = Body.Kind.CPPCC,
) -> SessionSetup:
    """Set up a session with its categories and grades, creating the body and term if new."""
    slug, body, name = slug.strip(), normalised(body), normalised(name)
    check_session_arguments(slug, body, name, year, body_kind)
    grade_specs = parse_grades(grades) if isinstance(grades, str) else list(grades)
    names = category_names(categories)
    term_name = session_term(name, term)

    with transaction.atomic():
        found = find_or_create_session(slug, body, name, year, term_name, body_kind)
        setup = SessionSetup(
            session=found.session,
            created_body=found.created_body,
            created_term=found.created_term,
            created_session=found.created_session,
        )
        session = setup.session
        setup.created_categories = add_categories(session, names)
        setup.created_grades, setup.updated_grades = set_up_grades(session, grade_specs)
        if setup.changed:
            record_event(
                actor,
                EventType.SESSION_CREATED,
                target=session,
                message=" ".join(setup.summary_lines()),
                slug=session.slug,
                created_session=setup.created_session,
                categories=setup.created_categories,
                grades=setup.created_grades,
                updated_grades=setup.updated_grades,
            )
    return setup
