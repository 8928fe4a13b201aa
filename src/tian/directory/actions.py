"""Changes to the directory: setting up a session (设立会议) with its categories and grades.

`create_session` is safe to run again with the same arguments: it creates what is missing,
corrects grade labels and statistical classes, and refuses arguments that contradict what
already exists. It writes one audit event, and none when nothing changed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction

from tian.audit.actions import record_event
from tian.audit.events import EventType
from tian.directory.models import Body, Session, Term
from tian.handling.models import Grade, StatClass
from tian.lib.cn import NUMERAL_CHARS, parse_numeral
from tian.lib.errors import ActionError
from tian.proposals.models import Category

# Checked in this order: "因条件限制暂未解决" also contains "解决", "正在解决" is not yet resolved.
STAT_CLASS_HINTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        StatClass.NOT_NOW,
        ("因条件限制", "暂未解决", "暂不", "待以后", "未能解决", "暂时无法", "条件不成熟"),
    ),
    (StatClass.REFERENCE, ("留作参考", "参考")),
    (
        StatClass.IN_PROGRESS,
        ("正在解决", "列入计划", "列入规划", "逐步解决", "拟解决", "正在办理", "部分解决"),
    ),
    (
        StatClass.RESOLVED,
        ("已经解决", "已解决", "基本解决", "解决采纳", "采纳", "已落实", "已办结"),
    ),
)

STAT_CLASS_NAMES: dict[str, str] = {
    **{choice.value: choice.value for choice in StatClass},
    **{str(choice.label): choice.value for choice in StatClass},
    "已解决": StatClass.RESOLVED,
    "解决": StatClass.RESOLVED,
    "正在解决": StatClass.IN_PROGRESS,
    "列入计划": StatClass.IN_PROGRESS,
    "暂未解决": StatClass.NOT_NOW,
    "参考": StatClass.REFERENCE,
}

_STAT_CLASS_HELP = "resolved(已解决)、in_progress(正在解决)、not_now(暂未解决)、reference(留作参考)"
_LIST_SEPARATORS = re.compile(r"[,，;；\n]+")
_TERM_IN_NAME = re.compile(rf"第?([{NUMERAL_CHARS}\d]+)届")


@dataclass(frozen=True)
class GradeSpec:
    """One grade of a session's grade set: code, label (已经解决或基本解决), statistical class."""

    code: str
    label: str
    stat_class: str


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


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def term_from_session_name(name: str) -> str | None:
    """The term a session's name implies: "五届一次会议" → "第五届"; None when it names none."""
    match = _TERM_IN_NAME.search(_normalise(name))
    return f"第{match.group(1)}届" if match else None


def _canonical_term(term: str) -> str:
    term = re.sub(r"\s+", "", _normalise(term))
    match = _TERM_IN_NAME.fullmatch(term) or _TERM_IN_NAME.fullmatch(term + "届")
    if not match:
        raise ActionError(f"无法识别届次“{term}”,请写成“第五届”这样的形式。")
    return f"第{match.group(1)}届"


def infer_stat_class(label: str) -> str | None:
    """The statistical class a grade label implies (解决采纳 → resolved), or None if unclear."""
    label = _normalise(label)
    for stat_class, hints in STAT_CLASS_HINTS:
        if any(hint in label for hint in hints):
            return str(stat_class)
    return None


def parse_categories(text: str) -> list[str]:
    """Split "经济发展类,城乡建设管理类、…" into category names, in order, without duplicates."""
    names: list[str] = []
    for part in re.split(r"[,，;；、\n]+", _normalise(text)):
        name = re.sub(r"\s+", "", part)
        if name and name not in names:
            names.append(name)
    return names


def parse_grades(text: str) -> list[GradeSpec]:
    """Parse "A=已经解决或基本解决,B=解决采纳:resolved" into grade specs, inferring classes."""
    specs: list[GradeSpec] = []
    for part in _LIST_SEPARATORS.split(_normalise(text)):
        part = part.strip()
        if not part:
            continue
        if "=" not in part:
            raise ActionError(f"办理结果分类“{part}”的格式不对,应写成“A=已经解决或基本解决”。")
        code, _, rest = part.partition("=")
        code = re.sub(r"\s+", "", code).upper().removesuffix("类")
        label, _, explicit = rest.partition(":")
        label, explicit = label.strip(), explicit.strip()
        if not code or len(code) > 8:
            raise ActionError(f"办理结果分类“{part}”的代码应为1到8个字符,如 A。")
        if not label:
            raise ActionError(f"办理结果分类 {code} 缺少名称,应写成“{code}=已经解决或基本解决”。")
        if len(label) > 60:
            raise ActionError(f"办理结果分类 {code} 的名称超过60个字。")
        if explicit:
            stat_class = STAT_CLASS_NAMES.get(explicit) or STAT_CLASS_NAMES.get(explicit.lower())
            if stat_class is None:
                raise ActionError(
                    f"办理结果分类 {code} 的统计口径“{explicit}”无法识别,可选:{_STAT_CLASS_HELP}。"
                )
        else:
            stat_class = infer_stat_class(label)
            if stat_class is None:
                raise ActionError(
                    f"无法判断办理结果分类“{code}={label}”的统计口径,请写成"
                    f"“{code}={label}:resolved”,可选:{_STAT_CLASS_HELP}。"
                )
        specs.append(GradeSpec(code=code, label=label, stat_class=str(stat_class)))
    codes = [spec.code for spec in specs]
    labels = [spec.label for spec in specs]
    for values, noun in ((codes, "代码"), (labels, "名称")):
        repeated = sorted({value for value in values if values.count(value) > 1})
        if repeated:
            raise ActionError(f"办理结果分类的{noun}重复:{'、'.join(repeated)}。")
    return specs


def _check_arguments(slug: str, body: str, name: str, year: int, body_kind: str) -> None:
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
    slug, body, name = slug.strip(), _normalise(body), _normalise(name)
    _check_arguments(slug, body, name, year, body_kind)
    category_names = (
        parse_categories(categories)
        if isinstance(categories, str)
        else [re.sub(r"\s+", "", _normalise(c)) for c in categories if c.strip()]
    )
    grade_specs = parse_grades(grades) if isinstance(grades, str) else list(grades)
    for category in category_names:
        if len(category) > 40:
            raise ActionError(f"类别“{category}”超过40个字。")
    if term:
        term_name = _canonical_term(term)
    else:
        term_name = term_from_session_name(name)
        if term_name is None:
            raise ActionError(f"无法从会议名称“{name}”看出届次,请用 --term 指定,如 --term 第五届。")

    with transaction.atomic():
        setup = _set_up(slug, body, name, year, term_name, body_kind)
        session = setup.session
        existing = set(Category.objects.filter(session=session).values_list("name", flat=True))
        start = len(existing)
        for offset, category in enumerate(c for c in category_names if c not in existing):
            Category.objects.create(session=session, name=category, order=start + offset)
            setup.created_categories.append(category)
        _set_up_grades(setup, grade_specs)
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


def _set_up(slug: str, body: str, name: str, year: int, term_name: str, kind: str) -> SessionSetup:
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
        return SessionSetup(session=session, created_body=created_body)
    term_obj, created_term = Term.objects.get_or_create(
        body=body_obj,
        name=term_name,
        defaults={"ordinal": parse_numeral(term_name.removeprefix("第").removesuffix("届"))},
    )
    session = Session.objects.create(body=body_obj, term=term_obj, name=name, slug=slug, year=year)
    return SessionSetup(
        session=session,
        created_body=created_body,
        created_term=created_term,
        created_session=True,
    )


def _set_up_grades(setup: SessionSetup, specs: list[GradeSpec]) -> None:
    existing = {grade.code: grade for grade in Grade.objects.filter(session=setup.session)}
    taken_labels = {grade.label: grade.code for grade in existing.values()}
    for order, spec in enumerate(specs):
        owner = taken_labels.get(spec.label)
        if owner is not None and owner != spec.code:
            raise ActionError(f"办理结果分类名称“{spec.label}”已被本次会议的 {owner} 类使用。")
        grade = existing.get(spec.code)
        if grade is None:
            Grade.objects.create(
                session=setup.session,
                code=spec.code,
                label=spec.label,
                stat_class=spec.stat_class,
                order=order,
            )
            setup.created_grades.append(f"{spec.code}={spec.label}")
        elif (grade.label, grade.stat_class) != (spec.label, spec.stat_class):
            grade.label, grade.stat_class = spec.label, spec.stat_class
            grade.save(update_fields=["label", "stat_class"])
            setup.updated_grades.append(f"{spec.code}={spec.label}")
