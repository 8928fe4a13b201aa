"""Admin pages for handling configuration: grade sets and the holiday calendar."""

from __future__ import annotations

from django.contrib import admin

from tian.audit.admin import AuditedAdmin
from tian.handling.models import CalendarDay, Grade


@admin.register(Grade)
class GradeAdmin(AuditedAdmin):
    list_display = ["code", "label", "stat_class", "session", "order"]
    list_filter = ["session"]


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedAdmin):
    list_display = ["date", "is_workday", "note"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"
