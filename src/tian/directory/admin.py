"""Admin pages for the directory: bodies, sessions, proposers, units, leaders, people."""

from __future__ import annotations

from typing import Any

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tian import policy
from tian.directory import account_actions
from tian.directory.models import (
    Body,
    Collective,
    Leader,
    Member,
    RoleAssignment,
    Session,
    Term,
    Unit,
    User,
    role_conflict,
)

admin.site.site_header = _("Tian 提案办理平台 · 系统管理")
admin.site.site_title = _("Tian 系统管理")
admin.site.index_title = _("管理")


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "full_name", "kind"]


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["name", "body", "ordinal"]
    list_filter = ["body"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["name", "body", "year", "slug", "is_open_for_submission"]
    list_filter = ["body", "year"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "department_type", "is_active"]
    list_filter = ["kind", "department_type", "is_active"]
    search_fields = ["name", "short_name"]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["name", "body", "sector", "party", "is_illustrative"]
    list_filter = ["body", "sector"]
    search_fields = ["name"]
    exclude = ["kind", "collective_kind"]


@admin.register(Collective)
class CollectiveAdmin(admin.ModelAdmin):
    list_display = ["name", "full_name", "collective_kind", "body"]
    list_filter = ["body", "collective_kind"]
    search_fields = ["name", "full_name"]
    exclude = ["kind", "sector", "party"]


@admin.register(Leader)
class LeaderAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "organisation", "is_illustrative"]
    list_filter = ["organisation"]
    search_fields = ["name"]


class RoleAssignmentInline(admin.TabularInline):
    """Roles shown on the account; they are granted and revoked on the roles page only."""

    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["unit"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ResetPasswordForm(AdminPasswordChangeForm):
    """An administrator sets a new password; disabling password login is not offered."""

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.fields.pop("usable_password", None)
        self.fields["password1"].required = True
        self.fields["password2"].required = True


_PRIVILEGE_FIELDS = {"is_staff", "is_superuser", "groups", "user_permissions"}


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Accounts (账号). Only a superuser sees privileges; roles are granted on their own page;
    the system admin edits working accounts other than their own, and an admin account's
    password is reset by the security admin only (policy: account.edit, account.set_password)."""

    list_display = ["username", "display_name", "is_active", "is_demo_account", "last_login"]
    search_fields = ["username", "display_name"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Tian"), {"fields": ("display_name", "phone", "proposer", "leader")}),
        (
            _("账号安全"),
            {"fields": ("must_change_password", "is_demo_account", "password_changed_at")},
        ),
    )
    raw_id_fields = ["proposer", "leader"]
    inlines = [RoleAssignmentInline]
    change_password_form = ResetPasswordForm
    actions = ["reset_second_factor"]

    def get_actions(self, request: HttpRequest) -> Any:
        actions = super().get_actions(request)
        if not policy.can(request.user, "account.reset_otp"):
            actions.pop("reset_second_factor", None)
        return actions

    @admin.action(description=_("重置动态口令(手机丢失时;本人须重新绑定)"))
    def reset_second_factor(self, request: HttpRequest, queryset: Any) -> None:
        done, refused = [], []
        for user in queryset:
            if policy.can(request.user, "account.reset_otp", user):
                account_actions.reset_second_factor(request.user, user)
                done.append(user.username)
            else:
                refused.append(user.username)
        if done:
            self.message_user(request, f"已重置动态口令:{'、'.join(done)}。")
        if refused:
            self.message_user(
                request, f"不能重置自己的动态口令:{'、'.join(refused)}。", level=messages.ERROR
            )

    def get_list_filter(self, request: HttpRequest) -> Any:
        if policy.can(request.user, "account.set_privileges"):
            return super().get_list_filter(request)
        return ["is_active"]

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if policy.can(request.user, "account.set_privileges"):
            return fieldsets
        hidden = set(_PRIVILEGE_FIELDS)
        if obj is not None and not policy.can(request.user, "account.set_password", obj):
            hidden.add("password")
        result = []
        for name, options in fieldsets:
            fields = [f for f in options["fields"] if f not in hidden]
            if fields:
                result.append((name, {**options, "fields": fields}))
        return result

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if policy.can(request.user, "account.set_privileges"):
            return ["password_changed_at"]
        return ["last_login", "date_joined", "is_demo_account", "password_changed_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and policy.can(request.user, "account.create")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if getattr(request, "_tian_may_set_password", False):
            return True  # user_change_password has checked account.set_password already
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or policy.can(request.user, "account.edit", obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            super().save_model(request, obj, form, change)
            account_actions.record_account_created(request.user, obj)
            return
        policy.require(request.user, "account.edit", obj)
        if _PRIVILEGE_FIELDS & set(form.changed_data):
            policy.require(request.user, "account.set_privileges")
        super().save_model(request, obj, form, change)
        if form.changed_data:
            account_actions.record_account_changed(request.user, obj, list(form.changed_data))

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        user = self.get_object(request, unquote(id))
        if user is None:
            raise Http404
        policy.require(request.user, "account.set_password", user)
        if request.method == "POST":
            form = self.change_password_form(user, request.POST)
            if form.is_valid():
                account_actions.reset_password(request.user, user, form.cleaned_data["password1"])
                self.message_user(request, "密码已重置;该用户下次登录时须修改密码。")
                return redirect("admin:directory_user_change", user.pk)
        # Only the form's page and its errors are left; the base view renders them.
        request._tian_may_set_password = True  # type: ignore[attr-defined]
        return super().user_change_password(request, id, form_url)


class RoleAssignmentForm(forms.ModelForm):
    actor: Any = None

    class Meta:
        model = RoleAssignment
        fields = ["user", "role", "unit"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        user, role = data.get("user"), data.get("role")
        if user is None or not role:
            return data
        if not policy.can(self.actor, "role.grant", (user, role)):
            raise forms.ValidationError(policy.denial("role.grant"))
        conflict = role_conflict(user, role)
        if conflict:
            raise forms.ValidationError(conflict)
        return data


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    """Role grants (授予角色): added and deleted, never edited, each recorded in the audit."""

    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    autocomplete_fields = ["unit"]
    raw_id_fields = ["user"]
    form = RoleAssignmentForm

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or policy.can(request.user, "role.revoke", obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        granted = account_actions.grant_role(request.user, obj.user, obj.role, obj.unit)
        obj.pk = granted.pk

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        account_actions.revoke_role(request.user, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for assignment in queryset.select_related("user", "unit"):
            account_actions.revoke_role(request.user, assignment)


# Authenticators are enrolled and replaced by their owner on the account pages, never seen by
# an administrator (a secret or a recovery code in an admin page would defeat them).
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)

    @admin.register(AccessAttempt)
    class LoginAttemptAdmin(AccessAttemptAdmin):
        """Axes' failed-login records; deleting one unlocks it, and the audit says who did."""

        def delete_model(self, request: HttpRequest, obj: Any) -> None:
            account_actions.delete_login_attempt(request.user, obj)

        def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
            for attempt in queryset:
                account_actions.delete_login_attempt(request.user, attempt)
