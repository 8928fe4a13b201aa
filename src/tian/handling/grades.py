"""A session's grade set (办理结果分类): parsed from "A=已经解决或基本解决,B=…", each grade with
the statistical class (resolved / in progress / not now / reference) that lets sessions compare."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tian.directory.models import Session
from tian.handling.models import Grade, StatClass
from tian.lib.errors import ActionError
from tian.lib.text import normalised

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


@dataclass(frozen=True)
class GradeSpec:
    """One grade of a session's grade set: code, label (已经解决或基本解决), statistical class."""

    code: str
    label: str
    stat_class: str


def infer_stat_class(label: str) -> str | None:
    """The statistical class a grade label implies (解决采纳 → resolved), or None if unclear."""
    label = normalised(label)
    for stat_class, hints in STAT_CLASS_HINTS:
        if any(hint in label for hint in hints):
            return str(stat_class)
    return None


def parse_grades(text: str) -> list[GradeSpec]:
    """Parse "A=已经解决或基本解决,B=解决采纳:resolved" into grade specs, inferring classes."""
    specs: list[GradeSpec] = []
    for part in _LIST_SEPARATORS.split(normalised(text)):
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


def set_up_grades(session: Session, specs: list[GradeSpec]) -> tuple[list[str], list[str]]:
    """Create the grades `session` lacks and correct the labels and classes of those it has;
    return what was created and what was updated ("A=已经解决或基本解决"). A step of
    `create_session`: it runs in the caller's transaction and writes no event."""
    created: list[str] = []
    updated: list[str] = []
    existing = {grade.code: grade for grade in Grade.objects.filter(session=session)}
    taken_labels = {grade.label: grade.code for grade in existing.values()}
    for order, spec in enumerate(specs):
        owner = taken_labels.get(spec.label)
        if owner is not None and owner != spec.code:
            raise ActionError(f"办理结果分类名称“{spec.label}”已被本次会议的 {owner} 类使用。")
        grade = existing.get(spec.code)
        if grade is None:
            Grade.objects.create(
                session=session,
                code=spec.code,
                label=spec.label,
                stat_class=spec.stat_class,
                order=order,
            )
            created.append(f"{spec.code}={spec.label}")
        elif (grade.label, grade.stat_class) != (spec.label, spec.stat_class):
            grade.label, grade.stat_class = spec.label, spec.stat_class
            grade.save(update_fields=["label", "stat_class"])
            updated.append(f"{spec.code}={spec.label}")
    return created, updated
