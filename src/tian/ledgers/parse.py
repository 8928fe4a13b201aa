"""Reading a ledger workbook: finding the header, filling merged cells, turning rows into values."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import islice
from pathlib import Path
from typing import Any

from openpyxl.utils.exceptions import InvalidFileException

from tian.handling.models import Assignment
from tian.ledgers.cells import (
    COLUMN_BY_FIELD,
    UNIT_FIELDS,
    Progress,
    ProposerName,
    match_header,
    match_header_ranked,
    parse_flag,
    parse_leaders,
    parse_proposers,
    parse_verdict,
    split_units,
)
from tian.lib.sheets import (
    EXCEL_EPOCH_1904,
    HEADER_SEARCH_ROWS,
    SPACES,
    CellError,
    LedgerError,
    RowError,
    Sheets,
    Source,
    UnusualFile,
    clean_text,
    fast_sheets,
    fill_merged_down,
    find_header,
    is_blank,
    openpyxl_sheets,
    parse_date,
    parse_number,
    source_name,
)

# --------------------------------------------------------------------------- reading


@dataclass
class LedgerRow:
    """One data row of a sheet: its Excel row number and the raw cells of the columns we use."""

    row: int
    cells: dict[str, Any]


@dataclass
class Ledger:
    """The rows of a ledger sheet with the headers as they are written in it."""

    rows: list[LedgerRow]
    headers: dict[str, str]
    header_row: int
    sheet: str
    ignored_headers: list[str] = field(default_factory=list)
    source: str = ""
    columns: dict[str, int] = field(default_factory=dict)  # field → column index

    def __iter__(self) -> Iterator[LedgerRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def _sub_headers(
    top: list[tuple[int, dict[int, Any]]], header_row: int, columns: dict[str, int]
) -> tuple[int, dict[int, Any]] | None:
    # A two-level header: 承办单位 over 主办 | 协办, 办理情况 over 办理结果 | 满意度.
    below = dict(top).get(header_row + 1)
    if not below or any(not is_blank(below.get(columns[name])) for name in ("number", "title")):
        return None
    if not any(match_header(value) for value in below.values()):
        return None
    return header_row + 1, below


def _read_sheets(source: Source, sheets: Callable[[Source], Sheets]) -> Ledger | None:
    for sheet in sheets(source):
        top = list(islice(sheet.rows(), HEADER_SEARCH_ROWS + 1))
        found = find_header(top, match_header_ranked, ("number", "title"))
        if found is None:
            continue
        header_row, columns, ignored = found
        header_values = dict(top)[header_row]
        headers = {name: SPACES.sub("", str(header_values[col])) for name, col in columns.items()}
        sub = _sub_headers(top, header_row, columns)
        if sub is not None:
            header_row, below = sub
            for col, value in below.items():
                name = match_header(value)
                if name is not None:
                    columns[name] = col
                    headers[name] = SPACES.sub("", str(value))
        data = []
        for number, values in sheet.rows():
            if number <= header_row:
                continue
            cells = {name: values.get(col) for name, col in columns.items()}
            if all(is_blank(value) for value in cells.values()):
                continue
            for name in ("assigned_on", "replied_on") if sheet.date1904 else ():
                value = cells.get(name)
                if isinstance(value, int | float) and not isinstance(value, bool):
                    cells[name] = EXCEL_EPOCH_1904 + timedelta(days=int(value))
            data.append(LedgerRow(row=number, cells=cells))
        fill_merged_down(
            {item.row: item.cells for item in data}, columns, header_row, sheet.merged()
        )
        return Ledger(
            rows=data,
            headers=headers,
            header_row=header_row,
            sheet=sheet.title,
            ignored_headers=ignored,
            source=source_name(source),
            columns=columns,
        )
    return None


def read_ledger(source: Source) -> Ledger:
    """Read the first sheet that has a ledger header; LedgerError if the file is not a ledger."""
    unreadable = "无法读取文件:不是有效的 Excel(.xlsx)文件;.xls 请先另存为 .xlsx。"
    try:
        try:
            ledger = _read_sheets(source, fast_sheets)
        except UnusualFile:
            if not isinstance(source, str | Path):
                source.seek(0)
            ledger = _read_sheets(source, openpyxl_sheets)
    except FileNotFoundError as error:
        raise LedgerError([RowError(0, "", f"找不到文件“{source}”。")]) from error
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise LedgerError([RowError(0, "", unreadable)]) from error
    if ledger is not None:
        return ledger
    wanted = "、".join(COLUMN_BY_FIELD["number"].aliases[:4])
    titles = "、".join(COLUMN_BY_FIELD["title"].aliases[:4])
    raise LedgerError(
        [
            RowError(
                0,
                "",
                f"找不到表头:前{HEADER_SEARCH_ROWS}行中没有同时含有编号({wanted})"
                f"和题目({titles})两列的一行。",
            )
        ]
    )


# --------------------------------------------------------------------------- parsing rows


@dataclass
class ParsedRow:
    """A row read into values, before they are looked up in the directory. None: not stated."""

    row: int
    number: int | None
    title: str
    proposers: list[ProposerName]
    co_proposers: list[ProposerName]
    category: str | None
    units: list[tuple[str, str, str]]  # (name as written, role, field it came from)
    grade: str | None
    verdict: tuple[str, str] | None
    is_key: bool | None
    lead_leader: tuple[str, str] | None
    supervisors: list[tuple[str, str]]
    assigned_on: date | None
    replied_on: date | None
    # False when a cell could not be read: the row is still checked against the directory,
    # so that every problem is reported at once, but it is never imported.
    readable: bool = True


def column_error(headers: dict[str, str], row: int, name: str, message: str) -> RowError:
    """An error in a row's cell, named by the header as the sheet writes it."""
    return RowError(row, headers.get(name, COLUMN_BY_FIELD[name].header), message)


class _RowReader:
    """Reads one row's cells, collecting an error for each cell that cannot be read."""

    def __init__(self, item: LedgerRow, headers: dict[str, str]) -> None:
        self.item = item
        self.headers = headers
        self.errors: list[RowError] = []

    def fail(self, name: str, message: str) -> None:
        self.errors.append(column_error(self.headers, self.item.row, name, message))

    def read(self, name: str, parser: Callable[[Any], Any], default: Any = None) -> Any:
        value = self.item.cells.get(name)
        if is_blank(value):
            return default
        try:
            return parser(value)
        except CellError as error:
            self.fail(name, str(error))
            return default


def _memoised(parser: Callable[[Any], Any]) -> Callable[[Any], Any]:
    # Ledgers repeat the same names, units and dates thousands of times: parse each once.
    cache: dict[Any, Any] = {}

    def parse(value: Any) -> Any:
        try:
            return cache[value]
        except KeyError:
            result = cache[value] = parser(value)
            return result

    return parse


def _is_number(value: Any) -> bool:
    try:
        parse_number(value)
    except CellError:
        return False
    return True


def parse_rows(
    ledger: Ledger, progress: Progress | None = None
) -> tuple[list[ParsedRow], list[RowError], list[int]]:
    """Read every row's cells into values: the parsed rows, the errors, the rows skipped.

    A row without a title whose number cell is empty or not a number ("合计", "一、经济发展类")
    is a total, a note or a section heading: it is skipped, and listed as skipped.
    """
    proposers_in, units_in = _memoised(parse_proposers), _memoised(split_units)
    leaders_in, date_in = _memoised(parse_leaders), _memoised(parse_date)
    verdict_in, flag_in = _memoised(parse_verdict), _memoised(parse_flag)
    parsed: list[ParsedRow] = []
    errors: list[RowError] = []
    skipped: list[int] = []
    first_row_of: dict[int, int] = {}

    total = 2 * len(ledger)
    for index, item in enumerate(ledger.rows):
        if progress and index % 1000 == 0:
            progress(index, total)
        reader = _RowReader(item, ledger.headers)
        raw_number, title = item.cells.get("number"), clean_text(item.cells.get("title"))
        if not title and (is_blank(raw_number) or not _is_number(raw_number)):
            skipped.append(item.row)
            continue
        number = None
        if is_blank(raw_number):
            reader.fail("number", "缺少编号")
        else:
            number = reader.read("number", parse_number)
            if number is not None and number in first_row_of:
                reader.fail("number", f"编号第{number}号与第{first_row_of[number]}行重复")
            elif number is not None:
                first_row_of[number] = item.row
        if not title:
            reader.fail("title", "缺少题目")
        elif len(title) > 200:
            reader.fail("title", f"题目超过200字(共{len(title)}字)")

        proposers = reader.read("lead_proposer", proposers_in, [])
        co_proposers = reader.read("co_proposers", proposers_in, [])
        for name, people in (("lead_proposer", proposers), ("co_proposers", co_proposers)):
            for person in people:
                if len(person.name) > 60:
                    reader.fail(name, f"提案者名称“{person.name}”超过60个字")
        units: list[tuple[str, str, str]] = []
        for name, default_role in UNIT_FIELDS.items():
            for position, (unit, role) in enumerate(reader.read(name, units_in, [])):
                if role is None:
                    # Several units in the 主办 column: the first leads, the others join (会办).
                    joint = name == "lead_units" and position > 0
                    role = Assignment.Role.JOINT if joint else default_role
                units.append((unit, str(role), name))
        verdict = reader.read("verdict", verdict_in)
        is_key = reader.read("is_key", flag_in)
        lead_leaders = reader.read("lead_leader", leaders_in, [])
        if len(lead_leaders) > 1:
            reader.fail("lead_leader", "每件重点提案只能有一位领办领导")
        supervisors = reader.read("supervisors", leaders_in, [])
        if is_key is False and (lead_leaders or supervisors):
            reader.fail("is_key", "标为非重点提案,却填写了领办或督办领导")
        for name, leaders in (("lead_leader", lead_leaders), ("supervisors", supervisors)):
            for _, leader in leaders:
                if len(leader) > 40:
                    reader.fail(name, f"领导姓名“{leader}”超过40个字")
        assigned_on = reader.read("assigned_on", date_in)
        replied_on = reader.read("replied_on", date_in)

        errors.extend(reader.errors)
        parsed.append(
            ParsedRow(
                row=item.row,
                number=number,
                title=title,
                proposers=proposers,
                co_proposers=co_proposers,
                category=clean_text(item.cells.get("category")) or None,
                units=units,
                grade=clean_text(item.cells.get("grade")) or None,
                verdict=verdict,
                is_key=is_key,
                lead_leader=lead_leaders[0] if lead_leaders else None,
                supervisors=supervisors,
                assigned_on=assigned_on,
                replied_on=replied_on,
                readable=not reader.errors and number is not None,
            )
        )
    return parsed, errors, skipped
