"""Unit evaluation (考核) pages, included from the root URLconf at "evaluation/"."""

from django.urls import path

from tian.evaluation import views

urlpatterns = [
    path("", views.evaluation_home, name="evaluation-home"),
    path("replies/<int:pk>/review/", views.reply_quality, name="reply-quality"),
    path("<slug:slug>/", views.evaluation_table, name="evaluation-table"),
    path("<slug:slug>/export.xlsx", views.evaluation_export, name="evaluation-export"),
    path("<slug:slug>/scheme/", views.evaluation_scheme, name="evaluation-scheme"),
]
