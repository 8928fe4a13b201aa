"""The proposal list as an Excel workbook (导出Excel): exactly the rows the list shows, with
its columns, the higher apps' included (`tian.proposals.columns`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.db.models import QuerySet

from tian.lib.sheets import write_table
from tian.proposals.columns import ListColumn, attach_columns, list_columns
from tian.proposals.models import Proposal

# Rows are fetched and given their columns this many at a time: a few queries per batch,
# never one per row, and no IN list too long for the database.
BATCH = 500

OWN_HEADERS = ("编号", "题目", "提案者", "类别", "状态", "重点提案")
OWN_WIDTHS = (8, 48, 16, 16, 10, 8)


def _own_cells(proposal: Proposal) -> list[Any]:
    return [
        proposal.number,
        proposal.title,
        str(proposal.lead_proposer) if proposal.lead_proposer_id else None,
        proposal.category.name if proposal.category_id else None,
        proposal.get_status_display(),
        "是" if getattr(proposal, "key", None) is not None else None,
    ]


def _batches(proposals: QuerySet[Proposal]) -> Iterator[list[Proposal]]:
    batch: list[Proposal] = []
    for proposal in proposals.iterator(chunk_size=BATCH):
        batch.append(proposal)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _rows(proposals: QuerySet[Proposal], columns: list[ListColumn]) -> Iterator[list[Any]]:
    for batch in _batches(proposals):
        attach_columns(batch)
        for proposal in batch:
            cells = _own_cells(proposal)
            for column in columns:
                cells.extend(cell.read(proposal) or None for cell in column.exports)
            yield cells


def export_list(
    proposals: QuerySet[Proposal], destination: str | Path | IO[bytes], *, title: str
) -> int:
    """Write `proposals` (the list's rows, in its order) to `destination`; return how many."""
    columns = list(list_columns)
    headers = [*OWN_HEADERS]
    widths = [*OWN_WIDTHS]
    for column in columns:
        headers += [cell.header for cell in column.exports]
        widths += [cell.width for cell in column.exports]
    return write_table(
        destination,
        sheet_name="提案",
        title=title,
        headers=headers,
        rows=_rows(proposals, columns),
        widths=widths,
    )
