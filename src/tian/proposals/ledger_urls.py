from django.urls import path

from tian.proposals import ledger_views

urlpatterns = [
    path("", ledger_views.ledger_page, name="ledger-import"),
    path("confirm/", ledger_views.ledger_confirm, name="ledger-confirm"),
    path("export/<slug:slug>/", ledger_views.ledger_export, name="ledger-export"),
]
