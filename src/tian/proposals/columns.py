"""The proposal list's columns that higher apps add (承办单位、答复期限).

The list shows the record's own columns (编号、题目、提案者、类别、状态); a higher app that
knows more about a proposal registers a `ListColumn` into `list_columns` from its ready().
A column fetches what it shows for a whole page of rows at once (`attach`, a fixed number of
queries whatever the number of rows), draws its cell (`template`, given `p`) and names the
cells it adds to the list's Excel export (`exports`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from tian.lib.hooks import Hook
from tian.proposals.models import Proposal


@dataclass(frozen=True)
class ExportCell:
    """A cell of the export: its header, how to read it off a row `attach` has prepared, and
    the width of its column."""

    header: str
    read: Callable[[Proposal], Any]
    width: float = 14


@dataclass(frozen=True)
class ListColumn:
    """One column of the proposal list added by a higher app. Its template draws the whole
    `<td>`: with class `wide-only` to leave it out on a phone, `blank` when it has nothing."""

    key: str
    header: str
    template: str
    attach: Callable[[Sequence[Proposal]], None]
    exports: tuple[ExportCell, ...] = ()


list_columns: Hook[ListColumn] = Hook("proposals.list_columns")


def attach_columns(rows: Sequence[Proposal]) -> list[ListColumn]:
    """Give `rows` what every registered column shows; return the columns in order."""
    columns = list(list_columns)
    if rows:
        for column in columns:
            column.attach(rows)
    return columns
