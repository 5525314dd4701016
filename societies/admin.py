from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Society


@admin.register(Society)
class SocietyAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "discipline", "status")
    list_filter = ("discipline", "status")
    search_fields = ("code", "name", "name_en", "credit_code")
    readonly_fields = ("status",)  # status changes go through the audited workflow
