"""CSV / XLSX export of a filtered filing list (what the reviewer sees, nothing more)."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.tabular import table_response, yes_no

# Labels are lazy: the heading is written in the reader's language, not the one active at import time.
COLUMNS = [
    ("id", gettext_lazy("Filing no.")),
    ("society", gettext_lazy("Society")),
    ("branch", gettext_lazy("Branch office")),
    ("title", gettext_lazy("Title")),
    ("kind", gettext_lazy("Kind")),
    ("role", gettext_lazy("Role")),
    ("starts_on", gettext_lazy("Starts")),
    ("ends_on", gettext_lazy("Ends")),
    ("location", gettext_lazy("Place")),
    ("is_overseas", gettext_lazy("Overseas")),
    ("foreign_partner", gettext_lazy("Foreign partner")),
    ("foreign_donation", gettext_lazy("Foreign donation")),
    ("status", gettext_lazy("Status")),
    ("is_late", gettext_lazy("Late")),
]


def rows(qs):
    for a in qs:
        yield [
            a.pk,
            a.society.name,
            a.branch.name if a.branch_id else "",
            a.title,
            a.get_kind_display(),
            a.get_role_display(),
            a.starts_on.isoformat(),
            a.ends_on.isoformat(),
            a.location,
            yes_no(a.is_overseas),
            a.foreign_partner,
            a.foreign_donation,
            a.get_status_display(),
            yes_no(a.is_late),
        ]


def export(qs, fmt: str) -> HttpResponse:
    header = [str(label) for _key, label in COLUMNS]
    fmt = "xlsx" if fmt == "xlsx" else "csv"
    return table_response(header, rows(qs), fmt, f"activities.{fmt}", sheet=_("Filings"))
