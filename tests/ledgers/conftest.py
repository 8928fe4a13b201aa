"""Fixtures for the ledger tests: handling units and a writer of Excel ledgers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from tian.directory.models import Unit

WriteLedger = Callable[..., Path]


@pytest.fixture
def write_ledger(tmp_path: Path) -> WriteLedger:
    """Write rows (the header row included) to an .xlsx file, with optional rows above them."""

    def write(
        rows: Sequence[Sequence[Any]],
        *,
        above: Sequence[Sequence[Any]] = (),
        name: str = "台账.xlsx",
        merge_title: bool = False,
    ) -> Path:
        workbook = Workbook()
        sheet = workbook.active
        for row in above:
            sheet.append(list(row))
        if merge_title and above:
            sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
        for row in rows:
            sheet.append(list(row))
        path = tmp_path / name
        workbook.save(path)
        return path

    return write


@pytest.fixture
def units(db: Any) -> dict[str, Unit]:
    """The district's handling units, some known by a short name or an alias."""
    rows = [
        ("区住房和城乡建设局", "住建局", []),
        ("区交通运输局", "交通局", ["区交通局"]),
        ("区教育局", "", []),
        ("区卫生健康委员会", "卫健委", []),
        ("区财政局", "", []),
        ("鹅湖镇", "", []),
    ]
    return {
        name: Unit.objects.create(name=name, short_name=short, aliases=aliases)
        for name, short, aliases in rows
    }
