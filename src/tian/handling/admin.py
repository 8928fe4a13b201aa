from django.contrib import admin

from tian.handling.models import Grade


@admin.register(Grade)
class GradeAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "stat_class", "session", "order"]
    list_filter = ["session"]
