"""Before anything else: a password that must change, and the admins' second factor."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from tian import policy
from tian.directory.passwords import must_change_password

# The admin trio's work happens here; these need a verified second factor (动态口令).
OTP_REQUIRED_PREFIXES = ("/admin/", "/audit/")


def _always_allowed() -> tuple[str, ...]:
    return (
        reverse("password-change"),
        reverse("logout"),
        reverse("otp-setup"),
        reverse("otp-verify"),
        "/" + settings.STATIC_URL.lstrip("/"),
        "/healthz",
    )


def needs_second_factor(user: Any) -> bool:
    """The admin roles and superusers must sign in with a verified one-time code (TOTP)."""
    return policy.can(user, "account.needs_second_factor") and not user.is_verified()


class AccountSecurityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not request.path_info.startswith(_always_allowed()):
            if must_change_password(user):
                return redirect("password-change")
            if request.path_info.startswith(OTP_REQUIRED_PREFIXES) and needs_second_factor(user):
                target = "otp-verify" if has_confirmed_device(user) else "otp-setup"
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse(target)}?{query}")
        return self.get_response(request)


def has_confirmed_device(user: object) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()
