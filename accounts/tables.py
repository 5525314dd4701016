"""The accounts pages' tables (core.tables): CAST's users and roles page, a user's own login history."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.signals import LOGGED_IN, LOGIN_FAILED
from core.models import AuditEntry
from core.tables import Column, FilterForm, SearchFilter, Table

User = get_user_model()


class UserFilter(django_filters.FilterSet):
    q = SearchFilter(fields=["username", "name", "email"])
    is_active = django_filters.BooleanFilter(label=pgettext_lazy("account", "Active"))

    class Meta:
        model = User
        fields = ["q", "is_active"]
        form = FilterForm


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

    row_view = "user_detail"


SUCCEEDED, FAILED, LOCKED_OUT = "ok", "failed", "locked"


class LoginFilter(django_filters.FilterSet):
    result = django_filters.ChoiceFilter(
        label=_("Result"),
        choices=[
            (SUCCEEDED, _("Logged in")),
            (FAILED, _("Failed: wrong password")),
            (LOCKED_OUT, _("Refused: locked out")),
        ],
        empty_label=_("Every result"),
        method="by_result",
    )
    channel = django_filters.ChoiceFilter(
        label=_("Channel"), choices=[("web", _("Web")), ("api", _("API"))], method="by_channel"
    )

    class Meta:
        model = AuditEntry
        fields = ["result", "channel"]
        form = FilterForm

    def by_result(self, queryset, name, value):
        if value == SUCCEEDED:
            return queryset.filter(action=LOGGED_IN)
        locked = Q(data__locked_out=True)
        failed = queryset.filter(action=LOGIN_FAILED)
        return (
            failed.filter(locked)
            if value == LOCKED_OUT
            else failed.filter(~locked | Q(data__locked_out__isnull=True))
        )

    def by_channel(self, queryset, name, value):
        api = Q(data__channel="api")
        return (
            queryset.filter(api) if value == "api" else queryset.filter(~api | Q(data__channel__isnull=True))
        )


def login_result(entry) -> str:
    if entry.action == LOGGED_IN:
        return str(_("Logged in"))
    if (entry.data or {}).get("locked_out"):
        return str(_("Refused: locked out"))
    return str(_("Failed: wrong password"))


class LoginTable(Table):
    """The user's own logins and failed logins (time, address, channel, result), newest first."""

    html_id = "login-history"
    row_key = "entry"
    columns = [
        Column("at", _("Time"), sort="at", css="text-nowrap"),
        Column("ip", _("IP address"), accessor=lambda e: (e.data or {}).get("ip"), css="font-monospace"),
        Column(
            "channel",
            _("Channel"),
            accessor=lambda e: _("API") if (e.data or {}).get("channel") == "api" else _("Web"),
        ),
        Column("result", _("Result"), accessor=login_result, template="accounts/cells/login_result.html"),
    ]
    default_sort = "-at"
    default_per_page = 50
    filterset_class = LoginFilter
    export_name = ""  # the user's own trail, read here
    empty_text = _("No logins recorded yet.")

    def row_url(self, row):
        return None
