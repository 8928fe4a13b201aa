from django.urls import path

from tian.directory import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("", views.account_view, name="account"),
    path("password/", views.password_change_view, name="password-change"),
    path("otp/setup/", views.otp_setup_view, name="otp-setup"),
    path("otp/verify/", views.otp_verify_view, name="otp-verify"),
]
