"""The Django admin for branch offices uses the same rules as every other route (branches.rules):
a sub-branch name, kind or scope outside the society's is refused with its rule ID. Status changes go
through the audited workflow only, and branches are never deleted."""

from django import forms
from django.contrib import admin

from core.audit import log_action
from core.errors import DomainError

from . import rules
from .choices import BranchKind
from .models import Branch, BranchAssessment, BranchOfficer, BranchResolution


class BranchAdminForm(forms.ModelForm):
    kind = forms.CharField(widget=forms.Select(choices=BranchKind.choices), initial=BranchKind.BRANCH)

    class Meta:
        model = Branch
        fields = ["society", "name", "kind", "business_scope", "purpose", "established_on"]

    def clean(self):
        cleaned = super().clean()
        try:
            rules.check_no_nesting_keys(self.data)
        except DomainError as exc:
            raise forms.ValidationError(f"{exc.message} [{exc.rule}]") from None
        checks = [
            ("kind", lambda: rules.check_kind(cleaned.get("kind", ""))),
            ("name", lambda: rules.check_name(cleaned.get("name", ""))),
        ]
        if cleaned.get("society"):
            checks.append(
                (
                    "business_scope",
                    lambda: rules.check_scope(cleaned.get("business_scope"), cleaned["society"]),
                )
            )
        for field, check in checks:
            try:
                check()
            except DomainError as exc:
                self.add_error(field if field in self.fields else None, f"{exc.message} [{exc.rule or ''}]")
        return cleaned


class OfficerInline(admin.TabularInline):
    model = BranchOfficer
    extra = 0
    can_delete = False


@admin.register(Branch)
class BranchAdmin(admin.ModelAdmin):
    form = BranchAdminForm
    list_display = ("name", "society", "kind", "status", "established_on")
    list_filter = ("kind", "status")
    search_fields = ("name", "society__name")
    readonly_fields = ("status",)  # status changes go through the audited workflow
    inlines = [OfficerInline]

    def has_delete_permission(self, request, obj=None):
        return False  # revoked branches stay on record

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        log_action(
            "branches.branch.admin_changed" if change else "branches.branch.admin_added",
            actor=request.user,
            obj=obj,
            data={"fields": sorted(form.changed_data)},
        )


@admin.register(BranchResolution)
class BranchResolutionAdmin(admin.ModelAdmin):
    list_display = ("branch", "body", "held_on", "seats", "present", "votes_for")

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BranchAssessment)
class BranchAssessmentAdmin(admin.ModelAdmin):
    list_display = ("branch", "year", "grade", "activities_approved")
    list_filter = ("year", "grade")

    def has_delete_permission(self, request, obj=None):
        return False
