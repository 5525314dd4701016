"""The landing dashboard (one section per role the user holds) and the health probe."""

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from core import charts, inbox
from core.access import ADMIN, may
from core.audit import log_action
from core.audit_search import CSV_HEADER, ORDERINGS, AuditFilterForm, csv_rows, may_read_audit_log, search
from core.audit_table import AuditTable
from core.errors import DomainError
from core.forms import parse_id
from core.models import AuditEntry
from core.roles import reach_of
from core.rule_settings import (
    SPECS,
    all_rule_settings,
    change_rule_setting,
    display_value,
    form_value,
    from_form,
    invalid_stored_settings,
    is_ratio,
)
from core.tabular import table_response


@login_required
def rule_settings(request):
    """CAST administrators read and change rule thresholds; each change is audited with its reason."""
    if not may(request.user, None, ADMIN):
        raise PermissionDenied
    error = None
    if request.method == "POST":
        try:
            key = request.POST.get("key", "")
            value = request.POST.get("value", "")
            if key in SPECS and request.POST.get("unit") == "percent":
                value = from_form(SPECS[key], value)
            change_rule_setting(
                actor=request.user, key=key, value=value, comment=request.POST.get("comment", "")
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("Setting changed."))
            return redirect("rule_settings")
    values = all_rule_settings()
    rows = [
        {
            "spec": spec,
            "value": form_value(spec, values[key]),
            "shown": display_value(spec, values[key]),
            "percent": is_ratio(spec),
        }
        for key, spec in SPECS.items()
    ]
    changes = []
    for entry in (
        AuditEntry.objects.filter(action="core.rulesetting.changed")
        .select_related("actor")
        .order_by("-at")[:20]
    ):
        spec = SPECS.get(entry.data.get("key", ""))
        changes.append(
            {
                "entry": entry,
                "label": spec.label if spec else entry.data.get("key", ""),
                "rule": spec.rule if spec else "",
                "old": display_value(spec, entry.data.get("old")) if spec else entry.data.get("old"),
                "new": display_value(spec, entry.data.get("new")) if spec else entry.data.get("new"),
            }
        )
    invalid = invalid_stored_settings()
    context = {
        "rows": rows,
        "error": error,
        "changes": changes,
        "invalid": invalid,
        "invalid_labels": [SPECS[key].label if key in SPECS else key for key in invalid],
    }
    return render(request, "core/rule_settings.html", context)


INBOX_PAGE_SIZE = 50


@login_required
def inbox_page(request):
    """待我处理: everything that waits for the user, oldest first, 50 a page (two queries a page)."""
    union = inbox.waiting(request.user)
    page = Paginator(union, INBOX_PAGE_SIZE).get_page(request.GET.get("page")) if union is not None else None
    items = inbox.items(request.user, page.object_list) if page is not None else []
    return render(
        request,
        "core/inbox.html",
        {
            "page": page,
            "items": items,
            "total": page.paginator.count if page is not None else 0,
            "long_wait": inbox.LONG_WAIT_DAYS,
        },
    )


@login_required
def chart_csv(request, key):
    """A dashboard chart's numbers as CSV: the same scoped data the chart and its table show."""
    chart = charts.chart_for(request.user, key)
    if chart is None:
        raise Http404
    society = None
    if "society" in request.GET:  # the workspace's copy: CAST and the regulator any, a secretariat its own
        pk = parse_id(request.GET["society"])
        reach = reach_of(request.user)
        if pk is None or not (reach.cast_admin or reach.regulator or pk in reach.secretary_of):
            raise Http404
        society = apps.get_model("societies", "Society").objects.filter(pk=pk).first()
        if society is None:
            raise Http404
    data = chart.build(request.user, society=society)
    name = f"{key}-{society.code}.csv" if society else f"{key}.csv"
    return table_response(data.header(), data.rows(), "csv", name)


def _audit_search(request):
    if not may_read_audit_log(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return form, None
    return form, search(form.cleaned_data if form.is_bound else {})


@login_required
def audit_log(request):
    """CAST's (and the regulator's) search of the audit trail: actor, action, society, object, result,
    channel and dates; newest first, 50 a page. A bad filter answers 400 with the form naming it."""
    form, entries = _audit_search(request)
    return _audit_page(request, form, entries)


def _audit_page(request, form, entries):
    # Societies come from the app registry: core sits below the apps (no import of societies here).
    societies = apps.get_model("societies", "Society").objects.order_by("code").only("pk", "name")
    form.fields["society"].widget = forms.Select(
        choices=[("", _("All societies")), *((s.pk, s.name) for s in societies)]
    )
    params = request.GET.copy()
    if not params.get("sort") and params.get("ordering") in ORDERINGS:  # the API's parameter, still read
        params["sort"] = params["ordering"]
    table = AuditTable(
        request, entries if entries is not None else AuditEntry.objects.none(), params=params, form=form
    )
    return render(
        request,
        "core/audit_log.html",
        {"form": form, "table": table, "page": table.page if entries is not None else None},
        status=400 if entries is None else 200,
    )


@login_required
def audit_log_export(request):
    """The filtered list as CSV. Exporting the trail is itself audited (who took which slice)."""
    form, entries = _audit_search(request)
    if entries is None:
        return _audit_page(request, form, entries)
    response = table_response(CSV_HEADER, csv_rows(entries), "csv", "audit-log.csv")
    filters = {k: str(v) for k, v in (form.cleaned_data if form.is_bound else {}).items() if v}
    log_action(
        "core.auditentry.exported",
        actor=request.user,
        data={"filters": filters, "rows": response.row_count},
    )
    return response


def favicon(request):
    """/favicon.ico, which browsers ask for on every site whatever the page links: the static icon."""
    path = finders.find("favicon.ico")
    if not path:
        raise Http404
    response = FileResponse(open(path, "rb"), content_type="image/x-icon")  # noqa: SIM115 - FileResponse closes it
    response["Cache-Control"] = "public, max-age=86400"
    return response


def healthz(request):
    """Liveness for the container health check: the app answers and the database responds."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def error_probe(request):
    """Fails on purpose (only routed with PORTAL_ERROR_PROBE): proves the styled 500 page is served."""
    raise RuntimeError("error probe")


def safe_next(request, default: str) -> str:
    """The `next` target of a form if it stays on this site, else `default` (no open redirects)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default
