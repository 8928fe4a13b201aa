from django.urls import path

from tian.supervision.key import views

urlpatterns = [
    path("", views.key_list, name="key-list"),
    path("select/<int:pk>/", views.key_select, name="key-select"),
    path("<int:pk>/", views.key_detail, name="key-detail"),
    path("<int:pk>/unselect/", views.key_unselect, name="key-unselect"),
    path("<int:pk>/activities/", views.key_activity, name="key-activity"),
    path("activities/<int:pk>/photo/", views.activity_photo, name="key-activity-photo"),
]
