"""Signing in and out, and one's own account: settings, password and second factor (动态口令)."""

from __future__ import annotations

from base64 import b32encode

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tian import policy
from tian.directory import account_actions
from tian.directory.account_actions import SETTINGS_FIELDS
from tian.directory.forms import SettingsForm
from tian.directory.middleware import needs_second_factor
from tian.directory.models import User
from tian.directory.passwords import password_expired


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("login")


@login_required
@require_http_methods(["GET", "POST"])
def account_view(request: HttpRequest) -> HttpResponse:
    """个人设置: who I am, how I am told (phone, e-mail, channels), password and second factor."""
    user = request.user
    form = SettingsForm(request.POST or None, instance=user)
    if request.method == "POST":
        if form.is_valid():
            changed = account_actions.update_own_settings(
                User.objects.get(pk=user.pk), **{f: form.cleaned_data[f] for f in SETTINGS_FIELDS}
            )
            messages.success(request, "个人设置已保存。" if changed else "没有需要保存的修改。")
            return redirect("account")
        user.refresh_from_db()  # the form's instance took the rejected values
    return render(
        request,
        "registration/account.html",
        {
            "form": form,
            "has_totp": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
            "recovery_left": sum(
                d.token_set.count() for d in StaticDevice.objects.filter(user=user)
            ),
            "otp_required": policy.can(user, "account.needs_second_factor"),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def password_change_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        account_actions.change_own_password(user, form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)
        messages.success(request, "密码已修改。")
        return redirect("account")
    reason = ""
    if user.must_change_password and not user.is_demo_account:
        reason = "您的密码由管理员设置,请先修改为只有您知道的密码。"
    elif password_expired(user):
        reason = "您的密码已过期,请修改后继续使用。"
    return render(request, "registration/password_change.html", {"form": form, "reason": reason})


class TokenForm(forms.Form):
    token = forms.CharField(
        label="动态口令",
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )


def _next_url(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup_view(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: start (POST), scan the QR code, confirm with a code (POST)."""
    user = request.user
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    if confirmed and not user.is_verified():
        # Replacing an authenticator needs the one in hand: verify first.
        return redirect("otp-verify")
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    form = TokenForm(request.POST if "token" in request.POST else None)
    if request.method == "POST" and "start" in request.POST:
        account_actions.start_totp(user)
        return redirect(f"{request.path}?next={_next_url(request, '')}")
    if request.method == "POST" and pending is not None and form.is_valid():
        codes = account_actions.confirm_totp(user, pending, form.cleaned_data["token"].strip())
        if codes is not None:
            otp_login(request, pending)
            return render(
                request,
                "registration/otp_recovery_codes.html",
                {"codes": codes, "next": _next_url(request, "/accounts/")},
            )
        form.add_error("token", "动态口令不正确,请核对手机上的时间后重试。")
    context = {
        "form": form,
        "pending": pending,
        "confirmed": confirmed,
        "next": _next_url(request, ""),
    }
    if pending is not None:
        context["qr_svg"] = segno.make(pending.config_url, error="m").svg_inline(scale=4)
        context["secret"] = b32encode(pending.bin_key).decode()
    context["required"] = needs_second_factor(user)
    return render(request, "registration/otp_setup.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify_view(request: HttpRequest) -> HttpResponse:
    """Sign in with the second factor: a code from the app or a recovery code."""
    user = request.user
    enrolled = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    form = TokenForm(request.POST or None)
    if request.method == "POST" and enrolled and form.is_valid():
        device = match_token(user, form.cleaned_data["token"].strip())
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request, "/accounts/"))
        form.add_error("token", "动态口令或恢复码不正确。")
    return render(
        request,
        "registration/otp_verify.html",
        {"form": form, "enrolled": enrolled, "next": _next_url(request, "")},
    )
