from django.contrib import admin

from .models import Finding


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    """Read-only in the admin: findings are opened by rules and followed up through the services."""

    list_display = ("rule", "severity", "society", "status", "deadline", "opened_at")
    list_filter = ("rule", "severity", "status")
    search_fields = ("message", "society__name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
