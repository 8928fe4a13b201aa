"""Cells written by any xlsx writer: formula-like text stays text, numbers stay numbers."""

from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook

from tian.lib.sheets import safe_row


def test_formula_like_text_is_literal_and_negative_numbers_stay_numbers():
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("表")
    sheet.append(safe_row(sheet, ["=1+1", "-5", -5, -2.5, "\r=A1", "普通文字", None]))
    stream = io.BytesIO()
    workbook.save(stream)

    cells = next(load_workbook(io.BytesIO(stream.getvalue())).active.iter_rows())

    assert [(c.value, c.data_type) for c in cells[:4]] == [
        ("=1+1", "s"),
        ("-5", "s"),
        (-5, "n"),
        (-2.5, "n"),
    ]
    assert cells[4].data_type == "s" and cells[4].quotePrefix
    assert cells[5].value == "普通文字" and not cells[5].quotePrefix
