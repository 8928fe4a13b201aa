from django.urls import path

from tian.ledgers import views

urlpatterns = [
    path("", views.ledger_page, name="ledger-import"),
    path("confirm/", views.ledger_confirm, name="ledger-confirm"),
    path("export/<slug:slug>/", views.ledger_export, name="ledger-export"),
]
