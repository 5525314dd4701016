"""The audit log page's table (core.tables): the trail searched with core.audit_search's form (the API's
too), newest first; at millions of entries the count is the planner's estimate ("约 …")."""

from django.utils.translation import gettext_lazy as _

from .tables import Column, Table


class AuditTable(Table):
    html_id = "audit"
    row_key = "entry"
    filter_exclude = ("ordering",)  # the time column's header sorts
    columns = [
        Column("at", _("Time"), sort="at", css="text-nowrap"),
        Column("actor", _("Actor"), accessor="actor.username", template="core/cells/audit_actor.html"),
        Column("action", _("Action"), sort="action", template="core/cells/audit_action.html"),
        Column("society", _("Society"), accessor="society.name"),
        Column("object", _("Object"), accessor="object_repr", template="core/cells/audit_object.html"),
        Column("status", _("Status change"), accessor="to_status", template="core/cells/audit_status.html"),
        Column(
            "result",
            _("Result"),
            accessor="get_result_display",
            sort="result",
            template="core/cells/audit_result.html",
        ),
        Column("channel", _("Channel"), accessor="get_channel_display", sort="channel"),
        Column("ip", _("IP address"), css="font-monospace"),
        Column("comment", _("Comment"), accessor=lambda e: (e.comment or "")[:80]),
    ]
    default_sort = "-at"
    default_per_page = 50
    export_name = ""  # the CSV export is its own audited page (core.views.audit_log_export)
    empty_text = _("No entries.")
