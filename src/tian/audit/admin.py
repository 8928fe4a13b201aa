"""The audit log in the admin site (read-only, for the audit admin), and a mixin that records
configuration edited in the admin site with what it was before and after."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core import serializers
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tian.audit.actions import record_event
from tian.audit.events import EventType
from tian.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor_username", "event_type", "outcome", "ip", "message"]
    list_filter = ["event_type", "outcome"]
    search_fields = ["message", "actor_username", "ip"]
    date_hierarchy = "created_at"
    # Django links a read-only foreign key to the related change page whoever looks; the audit
    # admin may not open accounts, so the account is shown as text.
    exclude = ["actor"]
    readonly_fields = ["actor_name"]

    @admin.display(description=_("操作人"))
    def actor_name(self, event: AuditEvent) -> str:
        return str(event.actor) if event.actor_id else "—"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def snapshot(obj: models.Model, related: tuple[str, ...] = ()) -> dict[str, Any]:
    """An object's stored fields (and those of its `related` children) as plain JSON."""
    (row,) = serializers.serialize("python", [obj])
    fields = dict(row["fields"])
    for name in related:
        children = getattr(obj, name).order_by("pk")
        fields[name] = [
            {"id": child["pk"], **child["fields"]}
            for child in serializers.serialize("python", children)
        ]
    return fields


class AuditedAdmin(admin.ModelAdmin):
    """Record every save and delete made through this admin page (配置变更), before and after.

    `audited_related` names the reverse relations edited inline (a workflow's transitions)."""

    audited_related: tuple[str, ...] = ()

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change and obj.pk is not None:
            stored = type(obj)._default_manager.get(pk=obj.pk)
            request._audit_before = snapshot(stored, self.audited_related)  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        obj = form.instance
        before = getattr(request, "_audit_before", None)
        after = snapshot(obj, self.audited_related)
        if before == after:
            return
        changed = sorted(k for k in after if before is None or before.get(k) != after.get(k))
        record_event(
            request.user,
            EventType.CONFIG_CHANGED,
            target=obj,
            message=f"{'修改' if change else '新增'}{obj._meta.verbose_name}“{obj}”:"
            + "、".join(changed),
            before=before,
            after=after,
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self._record_deletion(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self._record_deletion(request, obj)
        super().delete_queryset(request, queryset)

    def _record_deletion(self, request: HttpRequest, obj: Any) -> None:
        record_event(
            request.user,
            EventType.CONFIG_DELETED,
            target=obj,
            message=f"删除{obj._meta.verbose_name}“{obj}”",
            before=snapshot(obj, self.audited_related),
        )
