"""Department types (承办单位类型): the kind of department that should lead a proposal, the same
across governments. Each unit carries one; a routing model predicts these names, and a
deployment maps a predicted type to its own units, so the names are kept exactly.

The table is copied from the project's shared list of department types; "patterns" are how
units of the type are commonly named, where "XX" stands for a place name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class UnitType:
    """One department type and how units of that type are commonly named."""

    name: str
    patterns: tuple[str, ...]


UNIT_TYPES: tuple[UnitType, ...] = (
    UnitType("人民政府办公室", ("区政府办公室", "县人民政府办公室")),
    UnitType("发展改革", ("发改", "发展和改革", "发展改革")),
    UnitType("教育", ("教育", "教体", "教科")),
    UnitType("科技", ("科技局", "科学技术", "科协")),
    UnitType("工业和信息化", ("产业发展", "工信", "工业和信息化", "经信")),
    UnitType("公安", ("公安", "交警")),
    UnitType("民政", ("民政",)),
    UnitType("司法", ("司法",)),
    UnitType("财政", ("财政",)),
    UnitType("人力资源和社会保障", ("人社", "人力资源", "社会保障", "人事局")),
    UnitType("民族宗教", ("民宗", "民族宗教", "民族事务")),
    UnitType("自然资源", ("自然资源", "国土", "规划")),
    UnitType("生态环境", ("生态环境", "环保", "环境保护")),
    UnitType("住房和城乡建设", ("城市更新", "住建", "住房和城乡建设", "住房城乡建")),
    UnitType("交通运输", ("交通运输", "交通局", "交运", "公路")),
    UnitType("水利", ("水利", "水务")),
    UnitType("农业农村", ("农业", "农村", "农牧", "畜牧")),
    UnitType("商务", ("商务", "商业", "招商", "投资促进")),
    UnitType("文化旅游", ("文化", "旅游", "文旅", "文广")),
    UnitType("卫生健康", ("卫生", "卫健", "卫计", "医院")),
    UnitType("医疗保障", ("医保", "医疗保障")),
    UnitType("退役军人", ("退役军人",)),
    UnitType("应急管理", ("应急", "安监", "安全生产", "消防")),
    UnitType("市场监管", ("市场监", "市场监督", "工商", "质监")),
    UnitType("体育", ("体育",)),
    UnitType("城市管理", ("城管", "城市管理", "综合执法", "执法局")),
    UnitType("金融", ("金融", "银行")),
    UnitType("数据政务", ("数据", "政务服务", "大数据", "行政审批")),
    UnitType("供电通信", ("供电", "电力", "电信", "移动")),
    UnitType("乡镇街道", ("XX镇人民政府", "XX街道办事处", "XX开发区管委会")),
    UnitType("人民政府", ("XX县人民政府", "XX市人民政府")),
)

UNIT_TYPE_NAMES: tuple[str, ...] = tuple(t.name for t in UNIT_TYPES)
UNIT_TYPE_CHOICES: list[tuple[str, str]] = [(name, name) for name in UNIT_TYPE_NAMES]


def _compile(pattern: str) -> re.Pattern[str]:
    # "XX" is a place name: at least one character before the rest. A government's level
    # (县, 市, 区) varies by place, so 区政府办公室 also finds 县政府办公室 and the reverse.
    body = re.escape(pattern.removeprefix("XX"))
    body = re.sub(r"[县市区](?=人民政府|政府)", "[县市区]", body)
    return re.compile((".+" if pattern.startswith("XX") else "") + body)


# (specificity, table order, type name, compiled pattern): the longest pattern that matches
# decides, so 县人民政府办公室 is an office, not a government, and 自然资源和规划 is 自然资源.
_MATCHERS = sorted(
    (
        (-len(pattern.removeprefix("XX")), order, unit_type.name, _compile(pattern))
        for order, unit_type in enumerate(UNIT_TYPES)
        for pattern in unit_type.patterns
    ),
    key=lambda row: row[:2],
)


def guess_unit_type(name: str) -> str:
    """The department type a unit's name suggests by the table's patterns, or "" for none."""
    name = name.strip()
    for _length, _order, type_name, pattern in _MATCHERS:
        if pattern.search(name):
            return type_name
    return ""
