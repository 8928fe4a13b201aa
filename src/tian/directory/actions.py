"""Changes to the directory: the body, term and session of a session being set up (设立会议).

The whole setup, with the session's categories and grades, is `tian.handling.sessions
.create_session`, on the floor that knows all three; the steps here run inside its transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug

from tian.directory.models import Body, Session, Term
from tian.lib.cn import NUMERAL_CHARS, parse_numeral
from tian.lib.errors import ActionError
from tian.lib.text import normalised

_TERM_IN_NAME = re.compile(rf"第?([{NUMERAL_CHARS}\d]+)届")


@dataclass(frozen=True)
class SessionFound:
    """The session `find_or_create_session` found or made, and what it created on the way."""

    session: Session
    created_body: bool = False
    created_term: bool = False
    created_session: bool = False


def term_from_session_name(name: str) -> str | None:
    """The term a session's name implies: "五届一次会议" → "第五届"; None when it names none."""
    match = _TERM_IN_NAME.search(normalised(name))
    return f"第{match.group(1)}届" if match else None


def _canonical_term(term: str) -> str:
    term = re.sub(r"\s+", "", normalised(term))
    match = _TERM_IN_NAME.fullmatch(term) or _TERM_IN_NAME.fullmatch(term + "届")
    if not match:
        raise ActionError(f"无法识别届次“{term}”,请写成“第五届”这样的形式。")
    return f"第{match.group(1)}届"


def session_term(name: str, term: str | None) -> str:
    """The session's term: `term` in canonical form ("五届" → "第五届"), else read from `name`."""
    if term:
        return _canonical_term(term)
    term_name = term_from_session_name(name)
    if term_name is None:
        raise ActionError(f"无法从会议名称“{name}”看出届次,请用 --term 指定,如 --term 第五届。")
    return term_name


def check_session_arguments(slug: str, body: str, name: str, year: int, body_kind: str) -> None:
    """Refuse a slug, body, name, year or body kind that cannot be set up, in Chinese."""
    try:
        validate_slug(slug)
    except ValidationError as error:
        raise ActionError(
            f"会议代号“{slug}”只能包含英文字母、数字、连字符和下划线,如 wuj-yici-2022。"
        ) from error
    if len(slug) > 60:
        raise ActionError("会议代号不能超过60个字符。")
    if not body or len(body) > 60:
        raise ActionError("请填写机构简称(不超过60个字),如“区政协”。")
    if not name or len(name) > 60:
        raise ActionError("请填写会议名称(不超过60个字),如“五届一次会议”。")
    if not 1949 <= year <= 2100:
        raise ActionError(f"年度“{year}”不对,请填写四位数的年份,如 2022。")
    if body_kind not in Body.Kind.values:
        raise ActionError(f"机构类型“{body_kind}”不对,可选 cppcc(政协)或 npc(人大)。")


def find_or_create_session(
    slug: str, body: str, name: str, year: int, term_name: str, kind: str
) -> SessionFound:
    """The session `slug`, created with its body and term if new; an ActionError when it
    exists with other particulars. Runs in the caller's transaction and writes no event."""
    body_obj, created_body = Body.objects.get_or_create(name=body, defaults={"kind": kind})
    if body_obj.kind != kind:
        raise ActionError(
            f"机构“{body}”已存在,类型为{body_obj.get_kind_display()},与指定的类型不一致。"
        )
    session = Session.objects.select_related("body", "term").filter(slug=slug).first()
    if session is not None:
        differences = [
            label
            for label, mismatch in (
                ("机构", session.body_id != body_obj.pk),
                ("会议名称", session.name != name),
                ("年度", session.year != year),
                ("届次", session.term.name != term_name),
            )
            if mismatch
        ]
        if differences:
            raise ActionError(
                f"会议代号“{slug}”已用于{session}({session.year}年,{session.term.name}),"
                f"{'、'.join(differences)}与本次参数不一致;请换一个代号或改正参数。"
            )
        return SessionFound(session=session, created_body=created_body)
    term_obj, created_term = Term.objects.get_or_create(
        body=body_obj,
        name=term_name,
        defaults={"ordinal": parse_numeral(term_name.removeprefix("第").removesuffix("届"))},
    )
    session = Session.objects.create(body=body_obj, term=term_obj, name=name, slug=slug, year=year)
    return SessionFound(
        session=session,
        created_body=created_body,
        created_term=created_term,
        created_session=True,
    )
