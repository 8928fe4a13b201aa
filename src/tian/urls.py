"""Top-level URLs."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("tian.proposals.urls")),
    path("accounts/", include("tian.directory.urls")),
    path("admin/", admin.site.urls),
]
