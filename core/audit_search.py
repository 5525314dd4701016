"""Searching the audit trail: one filter form for the CAST page (/audit-log/) and the API (`audit-log/`),
so both accept the same parameters and refuse a bad one the same way (400 naming the field, never 500).

Who reads it: CAST administrators, and the regulator observer (shared/API.md: "regulators read" — the
trail is how the Ministry's liaison checks that refusals and decisions are recorded; they still write
nothing). Nobody writes it through any interface.
"""

from datetime import date, datetime, time, timedelta

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.roles import reach_of

from .audit_labels import action_label
from .models import AuditEntry

EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)
MAX_ID = 2**63 - 1
ORDERINGS = {"-at": ("-at", "-id"), "at": ("at", "id")}


def may_read_audit_log(user) -> bool:
    reach = reach_of(user)
    return bool(reach.cast_admin or reach.regulator)


def _date_field(label):
    return forms.DateField(
        label=label,
        required=False,
        validators=[
            MinValueValidator(EARLIEST, _("Give a date from 2000-01-01 on.")),
            MaxValueValidator(LATEST, _("Give a date up to 2100-12-31.")),
        ],
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Actor"), required=False, max_length=150)
    action = forms.CharField(label=_("Action"), required=False, max_length=100)
    society = forms.IntegerField(label=_("Society"), required=False, min_value=1, max_value=MAX_ID)
    object_type = forms.CharField(label=_("Object type"), required=False, max_length=100)
    object_id = forms.CharField(label=_("Object ID"), required=False, max_length=64)
    object = forms.CharField(label=_("Object"), required=False, max_length=200)
    result = forms.ChoiceField(
        label=_("Result"), required=False, choices=[("", _("All results")), *AuditEntry.Result.choices]
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("All channels")), *AuditEntry.Channel.choices]
    )
    at_after = _date_field(pgettext_lazy("date range", "From"))
    at_before = _date_field(pgettext_lazy("date range", "To"))
    ordering = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("-at", _("Newest first")), ("at", _("Oldest first"))],
    )

    def clean_object_type(self):
        value = self.cleaned_data["object_type"].strip().lower()
        if value and value.count(".") != 1:
            raise forms.ValidationError(_("Give the type as app.model, e.g. branches.branch."))
        return value

    def clean(self):
        data = super().clean()
        after, before = data.get("at_after"), data.get("at_before")
        if after and before and after > before:
            self.add_error("at_before", _("The end date is before the start date."))
        for name, value in list(data.items()):
            if isinstance(value, str) and "\x00" in value:
                self.add_error(name, _("This text contains a NUL character."))
        return data


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def search(data: dict) -> QuerySet[AuditEntry]:
    """The entries matching the cleaned data of an AuditFilterForm, with what a row shows, in a constant
    number of queries per page (actor, society and content type joined)."""
    qs = AuditEntry.objects.select_related("actor", "society", "content_type")
    if data.get("actor"):
        term = data["actor"].strip()
        qs = qs.filter(Q(actor__username__icontains=term) | Q(actor__name__icontains=term))
    if data.get("action"):
        qs = qs.filter(action__startswith=data["action"].strip())
    if data.get("society"):
        qs = qs.filter(society_id=data["society"])
    if data.get("object_type"):
        app_label, model = data["object_type"].split(".")
        qs = qs.filter(content_type__app_label=app_label, content_type__model=model)
    if data.get("object_id"):
        qs = qs.filter(object_id=data["object_id"].strip())
    if data.get("object"):
        qs = qs.filter(object_repr__icontains=data["object"].strip())
    if data.get("result"):
        qs = qs.filter(result=data["result"])
    if data.get("channel"):
        qs = qs.filter(channel=data["channel"])
    if data.get("at_after"):
        qs = qs.filter(at__gte=_start_of(data["at_after"]))
    if data.get("at_before"):
        qs = qs.filter(at__lt=_start_of(data["at_before"] + timedelta(days=1)))
    return qs.order_by(*ORDERINGS[data.get("ordering") or "-at"])


def object_type_of(entry: AuditEntry) -> str:
    ct = entry.content_type
    return f"{ct.app_label}.{ct.model}" if ct else ""


CSV_HEADER = (
    _("Time"),
    _("Actor"),
    _("Action"),
    _("Action code"),
    _("Society"),
    _("Object type"),
    _("Object ID"),
    _("Object"),
    _("From"),
    _("To"),
    _("Result"),
    _("Channel"),
    _("IP address"),
    _("Comment"),
)


def _status_label(entry: AuditEntry, value: str) -> str:
    """A from/to state as its label in the reader's language (the subject model's `status` choices)."""
    if not value or not entry.content_type_id:
        return value or ""
    model = entry.content_type.model_class()
    try:
        choices = dict(model._meta.get_field("status").choices or ())  # type: ignore[union-attr]
    except Exception:  # noqa: BLE001  a subject without a status field keeps the raw value
        return value
    return str(choices.get(value, value))


def csv_rows(qs: QuerySet[AuditEntry]):
    for e in qs.iterator(chunk_size=2000):
        yield (
            timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
            e.actor.username if e.actor else "",
            action_label(e.action),
            e.action,
            e.society.name if e.society else "",
            object_type_of(e),
            e.object_id,
            e.object_repr,
            _status_label(e, e.from_status),
            _status_label(e, e.to_status),
            e.get_result_display(),
            e.get_channel_display(),
            e.ip or "",
            e.comment,
        )
