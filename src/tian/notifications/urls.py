from django.urls import path

from tian.notifications import views

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read/", views.inbox_read, name="inbox-read"),
]
