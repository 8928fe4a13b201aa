from django.urls import path

from tian.workflow import views

urlpatterns = [
    path("proposals/<int:pk>/submit/", views.proposal_submit, name="proposal-submit"),
    path("proposals/<int:pk>/review/", views.proposal_review, name="proposal-review"),
]
