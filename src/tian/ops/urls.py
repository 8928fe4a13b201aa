from django.urls import path

from tian.ops.health import healthz

urlpatterns = [path("healthz", healthz, name="healthz")]
