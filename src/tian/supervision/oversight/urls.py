from django.urls import path

from tian.supervision.oversight import views as oversight_views

urlpatterns = [
    path("oversight/", oversight_views.oversight, name="oversight"),
]
