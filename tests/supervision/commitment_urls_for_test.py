"""The project's URLs plus the commitment pages, until the root URLconf includes them."""

from django.urls import include, path

from tian.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    *project_urlpatterns,
    path("", include("tian.supervision.commitment_urls")),
]
