from django.urls import path

from tian.ledgers import views

urlpatterns = [
    path("", views.LedgerImportView.as_view(), name="ledger-import"),
    path("export/<slug:slug>/", views.ledger_export, name="ledger-export"),
]
