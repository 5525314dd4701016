from django.contrib import admin

from .models import Branch


@admin.register(Branch)
class BranchAdmin(admin.ModelAdmin):
    list_display = ("name", "society", "kind", "status")
    list_filter = ("kind", "status")
    search_fields = ("name", "society__name")
    readonly_fields = ("status",)  # status changes go through the audited workflow
