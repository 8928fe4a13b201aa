"""Top-level URLs."""

from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", include("tian.ops.urls")),
    path("", include("tian.proposals.urls")),
    path("", include("tian.workflow.urls")),
    path("ledger/", include("tian.ledgers.urls")),
    path("audit/", include("tian.audit.urls")),
    path("inbox/", include("tian.notifications.urls")),
    path("key/", include("tian.supervision.key.urls")),
    path("", include("tian.supervision.commitments.urls")),
    path("", include("tian.supervision.tracking.urls")),
    path("", include("tian.supervision.oversight.urls")),
    path("", include("tian.supervision.reminders.urls")),
    path("evaluation/", include("tian.evaluation.urls")),
    path("dashboard/", include("tian.reports.dashboard_urls")),
    path("reports/", include("tian.reports.report_urls")),
    path("", include("tian.handling.urls")),
    path("accounts/", include("tian.directory.urls")),
    path("admin/", admin.site.urls),
    # Pages that name no icon (the admin site, the report's print view) get the site's own.
    path("favicon.ico", RedirectView.as_view(url=static("tian/favicon.svg"), permanent=True)),
]
handler400 = "tian.lib.http.bad_request"
