from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, (None, {"fields": ("name", "preferred_language")}))
    list_display = ("username", "name", "email", "is_active", "is_superuser")
    search_fields = ("username", "name", "email")
