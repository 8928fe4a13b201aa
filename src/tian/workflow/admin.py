"""Admin pages for the workflows (办理流程) and their steps."""

from __future__ import annotations

from django.contrib import admin

from tian.audit.admin import AuditedAdmin
from tian.workflow.models import Transition, Workflow


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    fields = ["order", "code", "label", "source", "target", "roles", "guards", "effects", "notify"]


@admin.register(Workflow)
class WorkflowAdmin(AuditedAdmin):
    list_display = ["name", "slug", "body_kind"]
    audited_related = ("transitions",)
    inlines = [TransitionInline]
