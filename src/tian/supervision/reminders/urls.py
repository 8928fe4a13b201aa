"""Supervision notice pages (督办单). Included from the root URLconf at ""."""

from django.urls import path

from tian.supervision.reminders import views

urlpatterns = [
    path("notices/", views.notice_list, name="notice-list"),
    path("notices/<int:pk>/", views.notice_detail, name="notice-detail"),
    path("notices/<int:pk>/acknowledge/", views.notice_acknowledge, name="notice-acknowledge"),
    path("proposals/<int:pk>/notice/", views.notice_issue, name="notice-issue"),
]
