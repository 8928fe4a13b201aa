"""Admin pages for the directory: bodies, sessions, proposers, units, leaders, people."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

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
    list_display = ["name", "short_name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
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
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "display_name", "is_active", "last_login"]
    search_fields = ["username", "display_name"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Tian"), {"fields": ("display_name", "phone", "proposer", "leader")}),
    )
    raw_id_fields = ["proposer", "leader"]
    inlines = [RoleAssignmentInline]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    autocomplete_fields = ["unit"]
    raw_id_fields = ["user"]
