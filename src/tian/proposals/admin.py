from django.contrib import admin

from tian.proposals.models import Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "session", "order"]
    list_filter = ["session"]
