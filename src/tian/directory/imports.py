"""Upload → preview → confirm: the one page flow of every Excel import into a session.

A clerk picks the session and the file; the importer runs as a dry run and the page shows
what would change (or every refused row, and then keeps nothing); confirming posts the
preview's token back and the importer runs for real, all rows or none; "放弃" deletes the
upload. Refusals answer 400, a preview 200. Subclasses name the rule, the importer and the
page; `components/import_preview.html` draws the shared part.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View

from tian import policy
from tian.directory.models import Session
from tian.lib.errors import ActionError
from tian.lib.previews import Preview, discard_preview, find_preview, save_preview
from tian.lib.sheets import LedgerError
from tian.lib.uploads import XLSX, check_upload


class SessionImportView(LoginRequiredMixin, View):
    """One URL for the whole flow: GET the form, POST a file (preview), POST a token
    (confirm, or abandon with "cancel")."""

    permission: ClassVar[str]
    kind: ClassVar[str]  # the folder prefix of stored previews
    template: ClassVar[str]
    url_name: ClassVar[str]  # this page, where an expired preview starts again
    done_url_name: ClassVar[str]  # where a finished import goes (with ?session=)
    nav: ClassVar[str]
    missing_file: ClassVar[str] = "请选择要导入的 Excel 文件(.xlsx)。"

    def run(self, session: Session, preview: Preview, *, dry_run: bool) -> Any:
        """Import `preview` into `session` (only check it when `dry_run`); raise LedgerError
        with every refused row, or return a report with `summary_line()`."""
        raise NotImplementedError

    def options(self) -> dict[str, Any]:
        """What the page carries besides the session and the file (e.g. a checkbox)."""
        return {}

    def get(self, request: HttpRequest) -> HttpResponse:
        policy.require(request.user, self.permission)
        return self._render({})

    def post(self, request: HttpRequest) -> HttpResponse:
        policy.require(request.user, self.permission)
        if "token" in request.POST:
            return self._confirm()
        session = get_object_or_404(Session, slug=request.POST.get("session", ""))
        context: dict[str, Any] = {"session": session}
        upload = request.FILES.get("file")
        preview: Preview | None = None
        try:
            if upload is None:
                raise ActionError(self.missing_file)
            check_upload(upload, (XLSX,))
            preview = save_preview(upload, self.kind)
            report = self.run(session, preview, dry_run=True)
        except ActionError as error:
            discard_preview(preview)
            context["error"] = error.message
        except LedgerError as error:
            discard_preview(preview)  # nothing to confirm
            context.update(errors=error.errors, filename=preview.name if preview else "")
        else:
            assert preview is not None  # nosec B101 # type narrowing, not a check
            context.update(report=report, token=preview.token, filename=preview.name)
        return self._render(context)

    def _confirm(self) -> HttpResponse:
        preview = find_preview(self.kind, self.request.POST.get("token", ""))
        if self.request.POST.get("cancel"):
            discard_preview(preview)
            messages.info(self.request, "已放弃导入,上传的文件已删除。")
            return redirect(self.url_name)
        session = Session.objects.filter(slug=self.request.POST.get("session", "")).first()
        if session is None or preview is None:
            messages.error(self.request, "预览已过期,请重新上传。")
            return redirect(self.url_name)
        try:
            report = self.run(session, preview, dry_run=False)
        except LedgerError as error:
            return self._render({"session": session, "errors": error.errors})
        finally:
            discard_preview(preview)
        messages.success(self.request, f"导入完成:{report.summary_line()}")
        return redirect(f"{reverse(self.done_url_name)}?session={session.slug}")

    def _render(self, context: dict[str, Any]) -> HttpResponse:
        sessions = list(Session.objects.select_related("body").order_by("-year", "-id"))
        context = {"sessions": sessions, "nav": self.nav, **self.options(), **context}
        refused = "error" in context or "errors" in context
        return render(self.request, self.template, context, status=400 if refused else 200)
