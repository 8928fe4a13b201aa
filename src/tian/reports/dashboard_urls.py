from django.urls import path

from tian.reports import dashboard_views as views

urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("unit/", views.unit_dashboard_view, name="dashboard-unit"),
]
