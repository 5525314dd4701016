"""The accounts list's table (core.tables): CAST's users and roles page."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.tables import Column, FilterForm, Table

User = get_user_model()


class UserFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)
    is_active = django_filters.BooleanFilter(label=pgettext_lazy("account", "Active"))

    class Meta:
        model = User
        fields = ["q", "is_active"]
        form = FilterForm

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(username__icontains=value) | Q(name__icontains=value) | Q(email__icontains=value)
        )


class UserTable(Table):
    html_id = "users"
    row_key = "user"
    columns = [
        Column("username", _("Username"), sort="username", link=True),
        Column("name", _("Full name"), sort="name"),
        Column("email", _("Email"), sort="email"),
        Column("last_login", _("Last login"), sort="last_login", css="text-nowrap"),
        Column(
            "is_active",
            pgettext_lazy("account", "Active"),
            sort="is_active",
            template="accounts/cells/active.html",
        ),
    ]
    default_sort = "username"
    tiebreak = ("pk",)
    default_per_page = 50
    filterset_class = UserFilter
    export_name = "users"
    export_sheet = _("Users")
    export_audit = "accounts.user.exported"
    empty_text = _("No accounts match.")

    def row_url(self, row):
        return reverse("user_detail", args=[row.pk])
