"""台账 pages: upload a ledger, preview its changes, confirm; download a session's ledger."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from tian import policy
from tian.audit.actions import record_export
from tian.audit.events import EventType
from tian.directory.imports import SessionImportView
from tian.directory.models import Session
from tian.ledgers.export import export_ledger
from tian.ledgers.report import ImportReport
from tian.ledgers.write import import_ledger
from tian.lib.previews import Preview
from tian.lib.uploads import XLSX


class LedgerImportView(SessionImportView):
    """Upload a ledger, preview its changes, confirm (all rows or none) or abandon it."""

    permission = "ledger.import"
    kind = "ledger"
    template = "ledgers/ledger.html"
    url_name = "ledger-import"
    done_url_name = "proposal-list"
    nav = "ledger"
    missing_file = "请选择要导入的 Excel 台账文件(.xlsx)。"

    def options(self) -> dict[str, Any]:
        return {"create_units": self.request.POST.get("create_units") == "on"}

    def run(self, session: Session, preview: Preview, *, dry_run: bool) -> ImportReport:
        return import_ledger(
            session,
            preview.path,
            actor=self.request.user,
            dry_run=dry_run,
            create_units=self.options()["create_units"],
            source_name=preview.name,
        )


@login_required
def ledger_export(request: HttpRequest, slug: str) -> HttpResponse:
    policy.require(request.user, "ledger.export")
    session = get_object_or_404(Session, slug=slug)
    stream = io.BytesIO()
    export_ledger(session, stream)
    response = HttpResponse(stream.getvalue(), content_type=XLSX.content_type)
    response["Content-Disposition"] = f"attachment; filename={session.slug}-ledger.xlsx"
    record_export(
        request.user, EventType.LEDGER_EXPORTED, target=session, name=f"{session.slug}-ledger.xlsx"
    )
    return response
