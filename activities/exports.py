"""CSV / XLSX export of a filtered filing list (what the reviewer sees, nothing more)."""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from core.tabular import table_response

COLUMNS = [
    ("id", "ID"),
    ("society", _("Society")),
    ("branch", _("Branch office")),
    ("title", _("Title")),
    ("kind", _("Kind")),
    ("role", _("Role")),
    ("starts_on", _("Starts")),
    ("ends_on", _("Ends")),
    ("location", _("Place")),
    ("is_overseas", _("Overseas")),
    ("foreign_partner", _("Foreign partner")),
    ("foreign_donation", _("Foreign donation")),
    ("status", _("Status")),
    ("is_late", _("Late")),
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
            _("yes") if a.is_overseas else "",
            a.foreign_partner,
            str(a.foreign_donation),
            a.get_status_display(),
            _("yes") if a.is_late else "",
        ]


def export(qs, fmt: str) -> HttpResponse:
    header = [str(label) for _key, label in COLUMNS]
    fmt = "xlsx" if fmt == "xlsx" else "csv"
    return table_response(header, rows(qs), fmt, f"activities.{fmt}", sheet="filings")
