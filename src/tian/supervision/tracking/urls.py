"""Cross-year tracking pages (跨年度跟踪督办). Included from the root URLconf at ""."""

from django.urls import path

from tian.supervision.tracking import views

urlpatterns = [
    path("tracking/", views.tracking_list, name="tracking-list"),
    path("tracking/sync/", views.tracking_sync, name="tracking-sync"),
    path("tracking/<int:pk>/report/", views.tracking_report, name="tracking-report"),
    path("tracking/<int:pk>/verdict/", views.tracking_verdict, name="tracking-verdict"),
    path("tracking/<int:pk>/close/", views.tracking_close, name="tracking-close"),
]
