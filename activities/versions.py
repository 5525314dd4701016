"""The reviewer's diff between submitted versions of a filing."""

from django.utils.translation import gettext as _

from .models import Activity, ActivityVersion


def field_label(field: str) -> str:
    if field == "attachments":
        return str(_("Attachments"))
    return str(Activity._meta.get_field(field).verbose_name)


def diff(older: dict, newer: dict) -> list[dict]:
    """Fields whose submitted value changed between two versions, with labels for display."""
    out = []
    for field in newer:
        if field in older and older.get(field) != newer.get(field):
            out.append(
                {
                    "field": field,
                    "label": field_label(field),
                    "old": older.get(field),
                    "new": newer.get(field),
                }
            )
    return out


def version_diffs(activity: Activity) -> list[dict]:
    """Each version with its changes against the one before (the first shows none)."""
    versions = list(ActivityVersion.objects.filter(activity=activity).select_related("submitted_by"))
    out, previous = [], None
    for version in versions:
        out.append({"version": version, "changes": diff(previous.data, version.data) if previous else []})
        previous = version
    return out
