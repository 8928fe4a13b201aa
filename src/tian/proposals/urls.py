from django.urls import path

from tian.proposals import views

urlpatterns = [
    path("", views.home, name="home"),
    path("work/", views.worklist_view, name="worklist"),
    path("proposals/", views.proposal_list, name="proposal-list"),
    path("proposals/export/", views.proposal_export, name="proposal-export"),
    path("proposals/new/", views.proposal_create, name="proposal-create"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal-detail"),
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="proposal-edit"),
    path("proposals/<int:pk>/cosign/", views.proposal_cosign, name="proposal-cosign"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment-download"),
]
