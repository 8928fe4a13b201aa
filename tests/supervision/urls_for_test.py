"""The project's URLs plus the key-proposal pages, until the root URLconf includes them."""

from django.urls import include, path

from tian.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    *project_urlpatterns,
    path("key/", include("tian.supervision.urls")),
]
