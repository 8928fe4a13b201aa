from django.urls import path

from tian.audit import views

urlpatterns = [path("", views.audit_log, name="audit-log")]
