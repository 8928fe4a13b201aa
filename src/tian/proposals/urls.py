from django.urls import path

from tian.proposals import views

urlpatterns = [
    path("", views.home, name="home"),
]
