"""Annual report pages (年度办理情况报告). Included from the root URLconf at "reports/"."""

from django.urls import path

from tian.reports import report_views as views

urlpatterns = [
    path("", views.report_home, name="report-home"),
    path("files/<int:pk>/", views.report_status, name="report-status"),
    path("files/<int:pk>/download/", views.report_file, name="report-file"),
    path(
        "proposals/<int:pk>/example/",
        views.proposal_report_example,
        name="proposal-report-example",
    ),
    path("<slug:slug>/edit/", views.report_edit, name="report-edit"),
    path("<slug:slug>/<str:fmt>/", views.report_download, name="report-download"),
]
