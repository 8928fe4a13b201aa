"""Helpers for the commitment tests: a replied proposal handled by a unit, measures, sheets."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tian.handling.models import Assignment
from tian.proposals.models import Proposal, Status
from tian.supervision.models import Commitment


def replied_proposal(personas: Any, session: Any, unit: Any, number: int = 69) -> Proposal:
    """A replied proposal of the member's, handled by `unit` as lead."""
    proposal = Proposal.objects.create(
        session=session,
        title=f"关于第{number}号事项的建议",
        lead_proposer=personas.member.proposer,
        status=Status.REPLIED,
        number=number,
    )
    Assignment.objects.create(
        proposal=proposal, unit=unit, role=Assignment.Role.LEAD, assigned_on=date(2022, 3, 1)
    )
    return proposal


def measure(proposal: Proposal, unit: Any, description: str = "建设零工市场", **kw: Any):
    kw.setdefault("start_on", date(2022, 4, 1))
    kw.setdefault("due_on", date(2022, 9, 30))
    return Commitment.objects.create(
        proposal=proposal, responsible_unit=unit, description=description, **kw
    )


def pdf(name: str = "现场照片.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj\n", content_type="application/pdf")


def sheet(rows: list[list[Any]], title: list[str] | None = None) -> io.BytesIO:
    """An .xlsx with an optional title row above the given header and data rows."""
    book = Workbook()
    ws = book.active
    if title:
        ws.append(title)
    for row in rows:
        ws.append(row)
    stream = io.BytesIO()
    book.save(stream)
    stream.seek(0)
    return stream
