"""Spreadsheets in and out: reading the cells of an .xlsx file, writing cells safely.

Reading. Every Excel import in Tian (ledgers, commitment progress) reads the same way: a
header somewhere in the first `HEADER_SEARCH_ROWS` rows (`find_header`), cells merged down a
column belong to every row they span (`fill_merged_down`), full-width text is made half-width
(`nfkc`), numbers and dates are read as people write them (`parse_number`, `parse_date`), and a
refused file says what is wrong by row and column (`RowError`, `LedgerError`, `CellError`).
`fast_sheets` reads values with the standard library (several times faster than openpyxl on
large sheets); it raises `UnusualFile` for what it does not handle, and `openpyxl_sheets` reads
those.

Writing. `write_table` writes a titled table (the ledger, the proposal list, the audit log).
A proposal title such as `=HYPERLINK("http://…","点击")` is text a member typed; written
into a cell as it is, Excel would run it as a formula (CSV/formula injection). Every xlsx
writer in Tian passes its values through `safe_cell` (or `safe_row`): text that begins with
= + - @, a tab or a carriage return is stored as a string cell marked with Excel's quote
prefix (as if typed after an apostrophe), so it shows and reads back unchanged, and stays
text when someone edits the cell. Numbers, dates and other text are left as they are; a
negative number stays a number.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import IO, Any
from xml.etree import ElementTree  # nosec B405 # expat >= 2.4 caps entity expansion; no external entities

from openpyxl import Workbook, load_workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, range_boundaries

from tian.lib.cn import NUMERAL_CHARS, parse_numeral

Source = str | Path | IO[bytes]

HEADER_SEARCH_ROWS = 10
MAX_NUMBER = 2_147_483_647


# --------------------------------------------------------------------------- errors


@dataclass(frozen=True)
class RowError:
    """One problem in a ledger: its Excel row (0: the whole file), column header and message."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.row and self.column:
            return f"第{self.row}行「{self.column}」:{self.message}"
        if self.row:
            return f"第{self.row}行:{self.message}"
        return self.message


class LedgerError(Exception):
    """A ledger was refused whole; `errors` lists every problem found.

    `unknown_units` names each unit the directory lacks once, however many rows cite it.
    """

    def __init__(self, errors: list[RowError], unknown_units: list[str] | None = None) -> None:
        self.errors = errors
        self.unknown_units = unknown_units or []
        super().__init__(self.message)

    @property
    def message(self) -> str:
        lines = [f"台账有{len(self.errors)}处问题,未导入任何数据:"]
        lines.extend(str(error) for error in self.errors)
        return "\n".join(lines)


class CellError(ValueError):
    """A cell that cannot be read; the message says why, in Chinese."""


# --------------------------------------------------------------------------- cells


SPACES = re.compile(r"[\s\u3000]+")


def nfkc(value: Any) -> str:
    """The text of a cell with full-width letters, digits and punctuation made half-width."""
    return unicodedata.normalize("NFKC", "" if value is None else str(value))


def is_blank(value: Any) -> bool:
    """True for an empty cell or one holding only spaces."""
    return value is None or (isinstance(value, str) and not SPACES.sub("", value))


def normalise_header(text: Any) -> str:
    """A header as we compare it: half-width, no spaces, newlines, stars or trailing colons."""
    return re.sub(r"[\s*:]+", "", nfkc(text))


def clean_text(value: Any) -> str:
    """Cell text with runs of spaces collapsed and spaces between Chinese characters removed."""
    if value is None:
        return ""
    text = SPACES.sub(" ", str(value)).strip()
    return re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", text)


_NUMBER = re.compile(rf"(?:第|NO\.?|#)?(\d+|[{NUMERAL_CHARS}]+)(?:号|號)?", re.I)


def parse_number(value: Any) -> int:
    """A proposal number from 12, 12.0, "012", "１２", "第12号", "第十二号"; CellError otherwise."""
    if isinstance(value, bool):
        raise CellError(f"编号“{value}”不是数字")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise CellError(f"编号“{value:g}”不是整数")
        number = int(value)
    else:
        text = SPACES.sub("", nfkc(value))
        match = _NUMBER.fullmatch(text)
        if not match:
            raise CellError(f"无法识别编号“{clean_text(value)}”,应为数字或“第12号”")
        digits = match.group(1)
        number = parse_numeral(digits)
    if not 1 <= number <= MAX_NUMBER:
        raise CellError(f"编号“{number}”应为正整数")
    return number


_DATE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+\d{1,2}:\d{2}(?::\d{2})?)?"
)
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_EXCEL_EPOCH = date(1899, 12, 30)
EXCEL_EPOCH_DATETIME = datetime(1899, 12, 30)
EXCEL_EPOCH_1904 = datetime(1904, 1, 1)


def parse_date(value: Any) -> date | None:
    """A date from an Excel date or serial number, or text such as 2022/3/1 or 2022年3月1日."""
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not 1 <= value < 2_958_466:
            raise CellError(f"无法识别日期“{value}”")
        result = _EXCEL_EPOCH + timedelta(days=int(value))
    else:
        text = nfkc(value).strip()
        match = _DATE.fullmatch(text) or _COMPACT_DATE.fullmatch(text)
        if not match:
            raise CellError(f"无法识别日期“{clean_text(value)}”,应写成 2022-03-01 或 2022年3月1日")
        try:
            result = date(*(int(part) for part in match.groups()))
        except ValueError as error:
            raise CellError(f"日期“{clean_text(value)}”不存在") from error
    if not 1949 <= result.year <= 2100:
        raise CellError(f"日期“{clean_text(value)}”的年份不对")
    return result


# --------------------------------------------------------------------------- reading


SheetRows = Iterator[tuple[int, dict[int, Any]]]  # (Excel row number, {column index: value})


@dataclass
class Sheet:
    """One worksheet: its title, its rows (read on demand) and its merged ranges."""

    title: str
    rows: Callable[[], SheetRows]
    date1904: bool = False
    # Merged ranges such as "E5:E9", known once the rows have been read.
    merged: Callable[[], list[str]] = list


Sheets = Iterator[Sheet]

_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


class UnusualFile(Exception):
    """The fast reader met something it does not handle; openpyxl reads the file instead."""


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _string_item(node: ElementTree.Element) -> str:
    # Text runs in order; phonetic guides (rPh) are not part of the text.
    parts = []
    for child in node:
        if child.tag == f"{_MAIN_NS}t":
            parts.append(child.text or "")
        elif child.tag == f"{_MAIN_NS}r":
            parts.append(child.findtext(f"{_MAIN_NS}t") or "")
    return _unescape("".join(parts))


def _column_index(ref: str) -> int:
    index = 0
    for char in ref:
        if char.isdigit():
            break
        index = index * 26 + ord(char) - 64
    return index - 1


class _XlsxValues:
    """Cell values of an .xlsx file, read with the standard library.

    A ledger needs values only; openpyxl builds a rich object per string cell, which makes
    reading a 10,000-row sheet several times slower. Dates come as Excel serial numbers
    unless the cell says otherwise; `parse_date` reads both.
    """

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))  # nosec B314 # expat >= 2.4 caps entity expansion; no external entities
        if not workbook.tag.startswith(_MAIN_NS):
            raise UnusualFile("strict OOXML")
        properties = workbook.find(f"{_MAIN_NS}workbookPr")
        self.date1904 = properties is not None and properties.get("date1904") in ("1", "true")
        targets = {}
        for rel in ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels")):  # nosec B314 # expat >= 2.4 caps entity expansion; no external entities
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            targets[rel.get("Id")] = (rel.get("Type", "").rpartition("/")[2], target)
        self.sheets = [
            (sheet.get("name", ""), targets[sheet.get(f"{_REL_NS}id")][1])
            for sheet in workbook.iter(f"{_MAIN_NS}sheet")
        ]
        names = set(archive.namelist())
        self.merged: dict[str, list[str]] = {}
        self.strings: list[str] = []
        for kind, target in targets.values():
            if kind == "sharedStrings" and target in names:
                with archive.open(target) as stream:
                    for _, node in ElementTree.iterparse(stream):  # nosec B314 # expat >= 2.4 caps entity expansion; no external entities
                        if node.tag == f"{_MAIN_NS}si":
                            self.strings.append(_string_item(node))
                            node.clear()

    def rows(self, path: str) -> SheetRows:
        cell_tag, row_tag = f"{_MAIN_NS}c", f"{_MAIN_NS}row"
        value_tag, inline_tag = f"{_MAIN_NS}v", f"{_MAIN_NS}is"
        merge_tag = f"{_MAIN_NS}mergeCell"
        strings = self.strings
        merged = self.merged[path] = []
        number = 0
        with self.archive.open(path) as stream:
            for _, element in ElementTree.iterparse(stream):  # nosec B314 # expat >= 2.4 caps entity expansion; no external entities
                if element.tag != row_tag:
                    if element.tag == merge_tag:
                        merged.append(element.get("ref", ""))
                    continue
                mark = element.get("r")
                number = int(mark) if mark else number + 1
                values: dict[int, Any] = {}
                column = -1
                for cell in element.iter(cell_tag):
                    ref = cell.get("r")
                    column = _column_index(ref) if ref else column + 1
                    kind = cell.get("t", "n")
                    if kind == "inlineStr":
                        inline = cell.find(inline_tag)
                        if inline is not None:
                            values[column] = _string_item(inline)
                        continue
                    text = cell.findtext(value_tag)
                    if not text:
                        continue
                    if kind == "s":
                        values[column] = strings[int(text)]
                    elif kind == "n":
                        try:
                            values[column] = int(text)
                        except ValueError:
                            values[column] = float(text)
                    elif kind == "b":
                        values[column] = text == "1"
                    elif kind == "d":
                        values[column] = datetime.fromisoformat(text)
                    else:
                        values[column] = _unescape(text)
                element.clear()
                yield number, values


def fast_sheets(source: Source) -> Sheets:
    """The sheets of an .xlsx file, values only, read with the standard library."""
    with zipfile.ZipFile(source) as archive:
        try:
            workbook = _XlsxValues(archive)
        except (KeyError, ElementTree.ParseError) as error:
            raise UnusualFile(str(error)) from error
        for title, path in workbook.sheets:
            yield Sheet(
                title,
                partial(workbook.rows, path),
                workbook.date1904,
                lambda path=path: workbook.merged.get(path, []),
            )


def openpyxl_sheets(source: Source) -> Sheets:
    """The sheets of a workbook as openpyxl reads them (values only): what `fast_sheets` cannot."""
    workbook = load_workbook(source, read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            # The recorded dimension is sometimes wrong; read what is really there.
            sheet.reset_dimensions()

            def rows(sheet: Any = sheet) -> SheetRows:
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                    yield number, {i: v for i, v in enumerate(values) if v is not None}

            yield Sheet(sheet.title, rows, workbook.epoch != EXCEL_EPOCH_DATETIME)
    finally:
        workbook.close()


def source_name(source: Source) -> str:
    """The file name of a path or an uploaded file, without its folder."""
    if isinstance(source, str | Path):
        return Path(source).name
    return Path(str(getattr(source, "name", "") or "")).name


def find_header(
    rows: Iterable[tuple[int, dict[int, Any]]],
    match: Callable[[Any], tuple[str, int] | None],
    required: Collection[str],
) -> tuple[int, dict[str, int], list[str]] | None:
    """The header row among the first rows: its number, {field: column index} and unused headers.

    `match` names the field a header cell stands for and the rank of that spelling (0 best);
    when two cells name one field the better-ranked (then the first) wins. The header is the
    first row that has every `required` field.
    """
    for number, values in rows:
        if number > HEADER_SEARCH_ROWS:
            break
        chosen: dict[str, tuple[int, int]] = {}
        ignored = []
        for col in sorted(values):
            value = values[col]
            found = match(value)
            if found is None:
                if not is_blank(value):
                    ignored.append(SPACES.sub("", str(value)))
                continue
            name, rank = found
            if name not in chosen or rank < chosen[name][1]:
                if name in chosen:
                    ignored.append(SPACES.sub("", str(values[chosen[name][0]])))
                chosen[name] = (col, rank)
            else:
                ignored.append(SPACES.sub("", str(value)))
        if all(name in chosen for name in required):
            return number, {name: col for name, (col, _) in chosen.items()}, ignored
    return None


def fill_merged_down(
    rows: Mapping[int, dict[str, Any]], columns: dict[str, int], header_row: int, merged: list[str]
) -> None:
    """Give every row a cell merged down a column spans the value held in its top cell.

    `rows` maps Excel row numbers to {field: value}; `columns` maps fields to column indexes.
    One 类别 or 主办单位 merged over several rows belongs to each of them.
    """
    field_of = {col: name for name, col in columns.items()}
    for ref in merged:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        name = field_of.get(min_col - 1)
        top = rows.get(min_row)
        if min_col != max_col or min_row <= header_row or name is None or top is None:
            continue
        for number in range(min_row + 1, max_row + 1):
            cells = rows.get(number)
            if cells is not None and is_blank(cells.get(name)):
                cells[name] = top[name]


# --------------------------------------------------------------------------- writing


FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: Any) -> bool:
    """True for text a spreadsheet program could take for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def safe_cell(sheet: Any, value: Any) -> Any:
    """The value to append to `sheet`: itself, or for formula-like text a literal text cell."""
    if isinstance(value, Cell):
        return safe_existing(value)
    if not is_formula_like(value):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    return safe_existing(cell)


def safe_existing(cell: Any) -> Any:
    """Make a cell already holding formula-like text hold it as literal text."""
    if is_formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def safe_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """A row for `sheet.append`, each value passed through `safe_cell`."""
    return [safe_cell(sheet, value) for value in values]


def write_table(
    destination: str | Path | IO[bytes],
    *,
    sheet_name: str,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Iterable[Any]],
    widths: Sequence[float] = (),
    freeze: str = "A3",
) -> int:
    """Write one sheet: a bold title across the columns, a bold header row, then `rows`, every
    cell through `safe_cell`; return the number of rows written. Streams (write-only), so a
    long table costs little memory."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = freeze
    heading = safe_cell(sheet, WriteOnlyCell(sheet, value=title))
    heading.font = Font(bold=True, size=14)
    heading.alignment = Alignment(horizontal="center")
    sheet.append([heading])
    sheet.merged_cells.add(f"A1:{get_column_letter(max(len(headers), 1))}1")
    header_cells = []
    for header in headers:
        cell = safe_cell(sheet, WriteOnlyCell(sheet, value=header))
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for values in rows:
        sheet.append(safe_row(sheet, values))
        count += 1
    workbook.save(destination)
    return count
