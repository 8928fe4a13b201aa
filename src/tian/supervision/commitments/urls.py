"""Commitment pages (实施清单). Included from the root URLconf at ""."""

from django.urls import path

from tian.supervision.commitments import views

urlpatterns = [
    path("commitments/", views.commitment_list, name="commitment-list"),
    path("commitments/import/", views.CommitmentImportView.as_view(), name="commitment-import"),
    path("commitments/<int:pk>/", views.commitment_detail, name="commitment-detail"),
    path("commitments/<int:pk>/progress/", views.commitment_progress, name="commitment-progress"),
    path("commitments/<int:pk>/steps/", views.commitment_substep, name="commitment-substep"),
    path("progress/<int:pk>/evidence/", views.progress_evidence, name="progress-evidence"),
]
