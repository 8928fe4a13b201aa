"""The audit log in the admin site: read-only, for the audit admin."""

from __future__ import annotations

from django.contrib import admin

from tian.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "event_type", "proposal", "message"]
    list_filter = ["event_type"]
    search_fields = ["message", "actor__username"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
