from django.urls import path

from tian.supervision import oversight_views

urlpatterns = [
    path("oversight/", oversight_views.oversight, name="oversight"),
]
