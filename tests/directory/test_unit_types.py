"""Department types (承办单位类型): the shared table's exact names, guessed from a unit's name
by the table's patterns, by the data migration for the units there are and for the demo's."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tian.demo import seed_data
from tian.demo.directory import demo_unit_type
from tian.directory.models import Unit
from tian.directory.unit_types import UNIT_TYPE_NAMES, guess_unit_type

BEFORE = [("directory", "0003_notification_channels")]
AFTER = [("directory", "0004_unit_department_type")]


def test_the_table_holds_the_shared_names_in_their_order():
    assert len(UNIT_TYPE_NAMES) == 31
    assert UNIT_TYPE_NAMES[:3] == ("人民政府办公室", "发展改革", "教育")
    assert UNIT_TYPE_NAMES[-3:] == ("供电通信", "乡镇街道", "人民政府")
    assert Unit._meta.get_field("department_type").choices == [(n, n) for n in UNIT_TYPE_NAMES]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("区人力资源和社会保障局", "人力资源和社会保障"),
        ("区发展和改革委员会", "发展改革"),
        ("区文化体育和旅游局", "文化旅游"),
        ("区自然资源和规划分局", "自然资源"),
        ("区市场监督管理局", "市场监管"),
        ("区地方金融监督管理局", "金融"),
        ("区消防救援大队", "应急管理"),
        ("鹅湖镇人民政府", "乡镇街道"),
        ("东北塘街道办事处", "乡镇街道"),
        ("锡山经济技术开发区管委会", "乡镇街道"),
        ("某某县人民政府", "人民政府"),
        ("县人民政府办公室", "人民政府办公室"),
        ("区人民政府办公室", "人民政府办公室"),
        ("区委组织部", ""),
        ("区税务局", ""),
    ],
)
def test_a_unit_s_name_suggests_its_type(name, expected):
    assert guess_unit_type(name) == expected


@pytest.mark.django_db(transaction=True)
def test_the_migration_types_the_units_there_are_and_leaves_the_rest_blank():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("directory", "Unit")
    for name in ("区教育局", "区卫生健康委员会", "东港镇人民政府", "区残疾人联合会"):
        old.objects.create(name=name)
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    types = dict(Unit.objects.values_list("name", "department_type"))
    assert types == {
        "区教育局": "教育",
        "区卫生健康委员会": "卫生健康",
        "东港镇人民政府": "乡镇街道",
        "区残疾人联合会": "",
    }


def test_the_demo_s_units_are_typed_where_their_names_mislead_too():
    types = {unit.name: demo_unit_type(unit.name) for unit in seed_data.UNITS}
    assert types["区人力资源和社会保障局"] == "人力资源和社会保障"
    assert types["区工商业联合会"] == ""  # not a 工商局
    assert types["锡东新城商务区管委会"] == "乡镇街道"  # a zone's committee, not 商务
    assert set(types.values()) <= {*UNIT_TYPE_NAMES, ""}
    assert sum(1 for t in types.values() if t) >= 28
