from django.urls import path

from tian.handling import batch_views, views

urlpatterns = [
    path("assign/batch/", batch_views.assign_batch_page, name="assign-batch"),
    path("proposals/<int:pk>/assign/", views.assign, name="proposal-assign"),
    path("proposals/<int:pk>/accept/", views.accept, name="proposal-accept"),
    path("proposals/<int:pk>/contact/", views.contact, name="proposal-contact"),
    path("proposals/<int:pk>/co-opinion/", views.co_opinion, name="proposal-co-opinion"),
    path("proposals/<int:pk>/reply/", views.reply, name="proposal-reply"),
    path("proposals/<int:pk>/verdict/", views.verdict, name="proposal-verdict"),
    path("proposals/<int:pk>/extend/", views.extend, name="proposal-extend"),
    path(
        "proposals/<int:pk>/close-without-verdict/",
        views.close_without_verdict,
        name="proposal-close-without-verdict",
    ),
    path("assignments/<int:pk>/object/", views.object_to, name="assignment-object"),
    path("objections/<int:pk>/decide/", views.decide_objection, name="objection-decide"),
    path("replies/<int:pk>/sign/", views.sign, name="reply-sign"),
    path("replies/<int:pk>/attach-letter/", views.attach_letter, name="reply-attach-letter"),
    path("replies/<int:pk>/submit/", views.submit, name="reply-submit"),
    path("replies/<int:pk>/review/", views.review, name="reply-review"),
    path("replies/<int:pk>/letter/", views.letter, name="reply-letter"),
    path("replies/<int:pk>/letter-draft/", views.letter_draft, name="reply-letter-draft"),
]
