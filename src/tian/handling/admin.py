"""Admin pages for handling configuration: grade sets, workflows, the holiday calendar."""

from __future__ import annotations

from django.contrib import admin

from tian.audit.admin import AuditedAdmin
from tian.handling.models import CalendarDay, Grade, Transition, Workflow


@admin.register(Grade)
class GradeAdmin(AuditedAdmin):
    list_display = ["code", "label", "stat_class", "session", "order"]
    list_filter = ["session"]


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    fields = ["order", "code", "label", "source", "target", "roles", "guards", "effects", "notify"]


@admin.register(Workflow)
class WorkflowAdmin(AuditedAdmin):
    list_display = ["name", "slug", "body_kind"]
    audited_related = ("transitions",)
    inlines = [TransitionInline]


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedAdmin):
    list_display = ["date", "is_workday", "note"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"
