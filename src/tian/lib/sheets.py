"""Writing spreadsheet cells that a spreadsheet program never runs as formulas.

A proposal title such as `=HYPERLINK("http://…","点击")` is text a member typed; written
into a cell as it is, Excel would run it as a formula (CSV/formula injection). Every xlsx
writer in Tian passes its values through `safe_cell` (or `safe_row`): text that begins with
= + - @, a tab or a carriage return is stored as a string cell marked with Excel's quote
prefix (as if typed after an apostrophe), so it shows and reads back unchanged, and stays
text when someone edits the cell. Numbers, dates and other text are left as they are; a
negative number stays a number.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell import Cell, WriteOnlyCell

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
