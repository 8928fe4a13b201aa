"""The ledger's cell parsers: numbers, names, units, dates, headers, as real ledgers write them."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tian.directory.models import Leader, Proposer
from tian.ledgers import cells, parse
from tian.ledgers.cells import (
    COLUMNS,
    ProposerName,
    derive_status,
    guess_collective_kind,
    is_organisation,
    match_header,
    parse_flag,
    parse_leaders,
    parse_proposers,
    parse_verdict,
    split_units,
    unit_name_variants,
)
from tian.ledgers.parse import parse_rows
from tian.lib.sheets import CellError, clean_text, parse_date, parse_number
from tian.proposals.models import Status

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
NUMBER_FORMS = [
    str,
    lambda n: f"第{n}号",
    lambda n: f"{n}号",
    lambda n: f"{n:08d}",
    lambda n: str(n).translate(FULL_WIDTH),
    lambda n: f"第{n}号".translate(FULL_WIDTH),
    lambda n: f" 第 {n} 号 ",
    lambda n: f"No.{n}",
    lambda n: n,
    float,
]


@given(st.integers(min_value=1, max_value=2_000_000_000), st.sampled_from(NUMBER_FORMS))
def test_any_number_is_read_in_every_form_ledgers_write_it(number, form):
    assert parse_number(form(number)) == number


@pytest.mark.parametrize(
    ("text", "number"),
    [("十二", 12), ("第十二号", 12), ("一百零二号", 102), ("第二十号", 20), ("一〇二", 102)],
)
def test_numbers_written_in_chinese_numerals_are_read(text, number):
    assert parse_number(text) == number


@given(st.text(alphabet="关于号第abc-. 、", min_size=1))
def test_text_without_digits_is_not_a_number(text):
    with pytest.raises(CellError):
        parse_number(text)


@pytest.mark.parametrize("value", [0, "0", "第0号", -3, 12.5, True, "12a", "1-2"])
def test_zero_negative_fractional_and_mixed_values_are_refused(value):
    with pytest.raises(CellError):
        parse_number(value)


UNIT_NAMES = st.text(
    alphabet="区住建局交通运输财政教育卫健委镇街道人社发改", min_size=2, max_size=10
)
SEPARATORS = st.sampled_from(["、", "，", ",", ";", "；", "/", " ", "  ", "\n", "、 ", " ; "])


@given(st.lists(UNIT_NAMES, min_size=1, max_size=6), st.data())
def test_units_are_split_on_any_separator_ledgers_use(names, data):
    text = names[0]
    for name in names[1:]:
        text += data.draw(SEPARATORS) + name
    text = data.draw(st.sampled_from(["", " ", "\u3000"])) + text

    assert split_units(text) == [(name, None) for name in names]


def test_units_may_carry_their_role_and_a_lone_prefix_joins_the_name():
    assert split_units("区住建局(主办)、区交通局（协办）  区 财政局") == [
        ("区住建局", "lead"),
        ("区交通局", "co"),
        ("区财政局", None),
    ]


def test_unit_names_are_tried_with_and_without_the_district_prefix():
    assert unit_name_variants("住建局") == ["住建局", "区住建局", "市住建局", "县住建局"]
    assert unit_name_variants(" 区住建局") == ["区住建局", "住建局"]


DATE_FORMS = [
    lambda d: d.isoformat(),
    lambda d: f"{d.year}/{d.month}/{d.day}",
    lambda d: f"{d.year}年{d.month}月{d.day}日",
    lambda d: f"{d.year}.{d.month}.{d.day}",
    lambda d: f"{d:%Y%m%d}",
    lambda d: f"{d.isoformat()} 00:00:00",
    lambda d: f"{d.year}年{d.month}月{d.day}日".translate(FULL_WIDTH),
    lambda d: datetime(d.year, d.month, d.day, 9, 30),
    lambda d: d,
    lambda d: (d - date(1899, 12, 30)).days,
    lambda d: float((d - date(1899, 12, 30)).days),
]


@given(
    st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31)), st.sampled_from(DATE_FORMS)
)
def test_dates_are_read_from_excel_cells_and_every_usual_text_form(day, form):
    assert parse_date(form(day)) == day


@pytest.mark.parametrize("value", ["2022-13-01", "2022-02-30", "明年三月", "3/1", 10**8])
def test_impossible_or_unreadable_dates_are_refused(value):
    with pytest.raises(CellError):
        parse_date(value)


def test_an_empty_date_cell_is_no_date():
    assert parse_date(None) is None and parse_date("  ") is None


def _scatter(text: str, data: st.DataObject) -> str:
    noise = st.sampled_from(["", "", " ", "\n", "\u3000", "  "])
    return data.draw(noise) + "".join(char + data.draw(noise) for char in text)


@given(st.sampled_from([(c.field, alias) for c in COLUMNS for alias in c.aliases]), st.data())
def test_headers_are_recognised_through_stray_spaces_and_newlines(pair, data):
    field, alias = pair
    header = _scatter(alias, data) + data.draw(st.sampled_from(["", "*", ":", "："]))

    assert match_header(header) == field


def test_headers_with_a_note_in_brackets_are_recognised_and_others_ignored():
    assert match_header("主办单位（牵头）") == "lead_units"
    assert match_header("是否重点提案(是/否)") == "is_key"
    assert match_header("备注") is None and match_header(None) is None


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("胡艳峰等委员", [ProposerName("胡艳峰")]),
        ("胡艳峰等5位委员", [ProposerName("胡艳峰")]),
        ("张三(委员)", [ProposerName("张三")]),
        ("张三（代表）", [ProposerName("张三")]),
        ("九三学社区委(集体)", [ProposerName("九三学社区委", collective=True)]),
        ("张三、李四", [ProposerName("张三"), ProposerName("李四")]),
        ("张三，李四；王五", [ProposerName("张三"), ProposerName("李四"), ProposerName("王五")]),
        ("张三 李四", [ProposerName("张三"), ProposerName("李四")]),
        ("王  伟", [ProposerName("王伟")]),
        ("张三、张三委员", [ProposerName("张三")]),
        ("", []),
    ],
)
def test_proposer_cells_are_split_into_clean_names(cell, expected):
    assert parse_proposers(cell) == expected


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("民盟", Proposer.CollectiveKind.PARTY),
        ("民进区委", Proposer.CollectiveKind.PARTY),
        ("农工党", Proposer.CollectiveKind.PARTY),
        ("九三学社区委", Proposer.CollectiveKind.PARTY),
        ("致公党区总支", Proposer.CollectiveKind.PARTY),
        ("市工商联", Proposer.CollectiveKind.GROUP),
        ("区妇联", Proposer.CollectiveKind.GROUP),
        ("农业农村委", Proposer.CollectiveKind.SPECIAL_COMMITTEE),
        ("经科农委", Proposer.CollectiveKind.SPECIAL_COMMITTEE),
        ("提案委", Proposer.CollectiveKind.SPECIAL_COMMITTEE),
        ("鹅湖镇工委会", Proposer.CollectiveKind.TOWNSHIP_COMMITTEE),
        ("教育界", Proposer.CollectiveKind.SECTOR),
        ("经济界别", Proposer.CollectiveKind.SECTOR),
        ("区政协社法委第一小组", Proposer.CollectiveKind.OTHER),
    ],
)
def test_organisations_are_recognised_with_a_likely_kind(name, kind):
    assert is_organisation(name)
    assert guess_collective_kind(name) == kind


@pytest.mark.parametrize("name", ["张三", "胡艳峰", "王建会", "李国联", "欧阳建国", "王长"])
def test_personal_names_are_not_taken_for_organisations(name):
    assert not is_organisation(name)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("副区长 王某", [("副区长", "王某")]),
        ("副区长王某", [("副区长", "王某")]),
        ("区政协主席李四、副主席 赵五", [("区政协主席", "李四"), ("副主席", "赵五")]),
        ("区长 张三 副区长 李四", [("区长", "张三"), ("副区长", "李四")]),
        ("王五 李六", [("", "王五"), ("", "李六")]),
        ("王五(副区长)", [("副区长", "王五")]),
        ("李长春", [("", "李长春")]),
        ("王长", [("", "王长")]),
    ],
)
def test_leader_cells_give_titles_and_names(cell, expected):
    assert parse_leaders(cell) == expected


def test_a_leaders_title_suggests_the_organisation():
    assert cells.leader_organisation("区政协副主席") == Leader.Organisation.CPPCC
    assert cells.leader_organisation("区人大常委会主任") == Leader.Organisation.NPC
    assert cells.leader_organisation("副区长") == Leader.Organisation.GOVERNMENT
    assert cells.leader_organisation("区委书记") == Leader.Organisation.PARTY


@pytest.mark.parametrize("value", ["是", "√", "Y", "y", "1", 1, 1.0, True, "重点", " 是 "])
def test_key_flags_that_mean_yes(value):
    assert parse_flag(value) is True


@pytest.mark.parametrize("value", ["否", "×", "N", "0", 0, False, "非重点"])
def test_key_flags_that_mean_no(value):
    assert parse_flag(value) is False


def test_an_unreadable_key_flag_is_refused_and_an_empty_one_says_nothing():
    with pytest.raises(CellError, match="请填写“是”或“否”"):
        parse_flag("也许")
    assert parse_flag(None) is None


def test_verdicts_are_read_alone_or_as_attitude_and_result():
    assert parse_verdict("满意") == ("satisfied", "satisfied")
    assert parse_verdict(" 基本满意 ") == ("basically", "basically")
    assert parse_verdict("满意/不满意") == ("satisfied", "dissatisfied")
    assert parse_verdict("") is None
    with pytest.raises(CellError, match="应为满意、基本满意或不满意"):
        parse_verdict("很好")


def test_titles_lose_stray_spaces_between_chinese_characters_only():
    assert clean_text("  关于 加快\n老旧小区 改造的建议 ") == "关于加快老旧小区改造的建议"
    assert clean_text("关于 5G 基站建设的建议") == "关于 5G 基站建设的建议"


def test_status_is_derived_from_the_furthest_step_the_row_records():
    assert derive_status(has_units=False, has_reply=False, has_verdict=False) == Status.FILED
    assert derive_status(has_units=True, has_reply=False, has_verdict=False) == Status.ASSIGNED
    assert derive_status(has_units=True, has_reply=True, has_verdict=False) == Status.REPLIED
    assert derive_status(has_units=True, has_reply=True, has_verdict=True) == Status.CLOSED


def test_the_fast_reader_and_openpyxl_read_a_ledger_alike(write_ledger):
    from .test_ledger_import import MESSY_ROWS, TITLE_ROWS

    path = write_ledger(MESSY_ROWS, above=TITLE_ROWS, merge_title=True)

    fast = parse._read_sheets(path, parse.fast_sheets)
    slow = parse._read_sheets(path, parse.openpyxl_sheets)

    assert fast is not None and slow is not None
    assert (fast.header_row, fast.headers) == (slow.header_row, slow.headers) == (3, fast.headers)
    assert parse_rows(fast) == parse_rows(slow)
    assert [row.row for row in fast] == [4, 5, 7, 8, 9]


def test_a_ledger_saved_with_the_1904_date_system_reads_the_right_dates(tmp_path):
    from openpyxl import Workbook
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    workbook = Workbook()
    workbook.epoch = CALENDAR_MAC_1904
    sheet = workbook.active
    sheet.append(["编号", "题目", "交办日期"])
    sheet.append([1, "一", (date(2022, 3, 1) - date(1904, 1, 1)).days])
    path = tmp_path / "mac.xlsx"
    workbook.save(path)

    rows, errors, _ = parse_rows(parse.read_ledger(path))

    assert errors == [] and rows[0].assigned_on == date(2022, 3, 1)
