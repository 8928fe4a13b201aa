"""台账 pages: upload a ledger, preview its changes, confirm; download a session's ledger."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from tian import policy
from tian.audit.actions import record_export
from tian.audit.events import EventType
from tian.directory.models import Session
from tian.ledgers.export import export_ledger
from tian.ledgers.write import import_ledger
from tian.lib.errors import ActionError
from tian.lib.previews import Preview, discard_preview, find_preview, save_preview
from tian.lib.sheets import LedgerError
from tian.lib.uploads import XLSX, check_upload

PREVIEW_KIND = "ledger"


@login_required
def ledger_page(request: HttpRequest) -> HttpResponse:
    """Upload form; on POST, a dry run whose report the user confirms or abandons."""
    policy.require(request.user, "ledger.import")
    sessions = list(Session.objects.select_related("body").order_by("-year", "-id"))
    context = {"sessions": sessions, "nav": "ledger"}
    if request.method == "POST":
        session = get_object_or_404(Session, slug=request.POST.get("session", ""))
        upload = request.FILES.get("file")
        create_units = request.POST.get("create_units") == "on"
        context.update(session=session, create_units=create_units)
        preview: Preview | None = None
        try:
            if upload is None:
                raise ActionError("请选择要导入的 Excel 台账文件(.xlsx)。")
            check_upload(upload, (XLSX,))
            preview = save_preview(upload, PREVIEW_KIND)
            report = import_ledger(
                session,
                preview.path,
                actor=request.user,
                dry_run=True,
                create_units=create_units,
                source_name=preview.name,
            )
        except ActionError as error:
            context["error"] = error.message
        except LedgerError as error:
            discard_preview(preview)  # nothing to confirm
            context["errors"] = error.errors
            context["filename"] = upload.name
        else:
            assert preview is not None  # nosec B101 # type narrowing, not a check
            context.update(report=report, token=preview.token, filename=preview.name)
    return render(request, "ledgers/ledger.html", context)


@login_required
@require_POST
def ledger_confirm(request: HttpRequest) -> HttpResponse:
    """Import the previewed file for real, all rows or none; or abandon it ("cancel")."""
    policy.require(request.user, "ledger.import")
    session = Session.objects.filter(slug=request.POST.get("session", "")).first()
    preview = find_preview(PREVIEW_KIND, request.POST.get("token", ""))
    if request.POST.get("cancel"):
        discard_preview(preview)
        messages.info(request, "已放弃导入,上传的台账已删除。")
        return redirect("ledger-import")
    if session is None or preview is None:
        messages.error(request, "预览已过期,请重新上传台账。")
        return redirect("ledger-import")
    try:
        report = import_ledger(
            session,
            preview.path,
            actor=request.user,
            create_units=request.POST.get("create_units") == "on",
            source_name=preview.name,
        )
    except LedgerError as error:
        return render(
            request,
            "ledgers/ledger.html",
            {
                "errors": error.errors,
                "session": session,
                "nav": "ledger",
                "sessions": Session.objects.all(),
            },
        )
    finally:
        discard_preview(preview)
    messages.success(request, f"导入完成:{report.summary_line()}")
    return redirect(f"{redirect('proposal-list').url}?session={session.slug}")


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
