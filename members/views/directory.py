"""A society's member directory for its secretaries (and CAST): search, filters, pagination, CSV/XLSX
export of the filtered list, and CSV/XLSX import. Parsing and row checks live in members.import_export;
the import itself is members.services.import_members (one transaction, audited)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import VIEW, restrict
from core.audit import log_action
from core.errors import DomainError
from core.forms import apply_domain_error
from core.tabular import FORMATS, streaming_csv_response, table_response
from societies.access import society_for_change

from .. import import_export
from .. import services as member_services
from ..choices import MembershipStatus
from ..forms import AddMemberForm
from ..forms import MemberImportForm as ImportForm
from ..models import Membership, Person
from ..selectors import DirectoryFilters, member_directory
from ..tables import DirectoryTable
from . import exports as export_views


@login_required
def directory(request, pk):
    society = society_for_change(request, pk)
    # society=: a secretariat reaching the whole society gets no owner-path OR (core.access.restrict).
    memberships = restrict(
        Membership.objects.filter(society=society), request.user, VIEW, society=society
    ).select_related("person")
    table = DirectoryTable(request, memberships)
    query = request.GET.copy()
    for key in ("page", "per_page", "sort", "export"):
        query.pop(key, None)
    return render(
        request,
        "societies/members/directory.html",
        {"society": society, "table": table, "page": table.page, "query": query.urlencode()},
    )


def _filename(society, ext: str) -> str:
    return f"members-{society.code}-{timezone.localdate():%Y%m%d}.{ext}"


@login_required
def export(request, pk, fmt):
    """The filtered directory as CSV, streamed while it is written (whatever its size); XLSX is built by a
    worker (members.views.exports: this GET confirms, the POST queues the job). The export (who, which
    filters, how many rows, full ID numbers or not) is audited."""
    society = society_for_change(request, pk)
    if fmt not in FORMATS:
        raise Http404
    if fmt == "xlsx":
        return export_views.confirm(request, society)
    filters = DirectoryFilters.from_query(request.GET)
    memberships = member_directory(society, request.user, filters)
    full_ids = request.GET.get("full_ids") == "1"  # asked for explicitly; the audit entry records it
    log_action(
        "members.membership.exported",
        actor=request.user,
        obj=society,
        data={"format": fmt, "rows": memberships.count(), "filters": filters.as_dict(), "full_ids": full_ids},
    )
    return streaming_csv_response(
        import_export.export_header(),
        import_export.export_rows(memberships, full_ids=full_ids),
        _filename(society, fmt),
    )


@login_required
def import_template(request, pk, fmt):
    society = society_for_change(request, pk)
    if fmt not in FORMATS:
        raise Http404
    notes_header, notes = import_export.template_notes()
    return table_response(
        import_export.template_columns(),
        [import_export.template_sample_row()],
        fmt,
        f"member-import-template-{society.code}.{fmt}",
        sheet=str(import_export.SHEET_NAME),
        extra_sheets=[(_("Notes"), notes_header, notes)],
    )


@login_required
def import_members(request, pk):
    """GET explains the columns and what an import does; POST validates the whole file and either writes
    every row or nothing (row errors shown)."""
    society = society_for_change(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if import_export.count_lines(upload, upload.name) > import_export.IN_REQUEST_ROWS + 1:
            job = member_services.start_import(
                actor=request.user, society=society, upload=upload, filename=upload.name
            )
            return redirect("societies:members_import_job", pk=society.pk, job=job.pk)
        result = member_services.import_members(
            actor=request.user, society=society, upload=upload, filename=upload.name
        )
        if result.ok:
            messages.success(
                request,
                _(
                    "%(rows)d rows imported: %(created)d people created, %(linked)d existing people linked, "
                    "%(memberships)d memberships created."
                )
                % {
                    "rows": result.rows,
                    "created": result.people_created,
                    "linked": result.people_linked,
                    "memberships": result.memberships_created,
                },
            )
            return redirect("societies:members", pk=society.pk)
    return render(
        request,
        "societies/members/import.html",
        {
            "society": society,
            "form": form,
            "result": result,
            "columns": import_export.COLUMNS,
            "max_rows": import_export.MAX_ROWS,
            "in_request_rows": import_export.IN_REQUEST_ROWS,
        },
        status=400 if result is not None and not result.ok else 200,
    )


@login_required
def add_member(request, pk):
    """The secretariat enters a member directly (besides approving applications): a person it already
    knows, or a new one registered by this society, and the active membership — all or nothing."""
    society = society_for_change(request, pk)
    members_now = Membership.objects.filter(society=society, status=MembershipStatus.ACTIVE)
    people = restrict(Person.objects.all(), request.user, VIEW).exclude(
        pk__in=members_now.values("person_id")
    )
    form = AddMemberForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                person = data["person"] or member_services.create_person(
                    actor=request.user, society=society, **form.person_kwargs()
                )
                membership = member_services.record_membership(
                    actor=request.user,
                    society=society,
                    person=person,
                    tier=data["tier"],
                    category=data["category"],
                    joined_on=data["joined_on"],
                )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is now a member, number %(number)s.")
                % {"name": person.name, "number": membership.number},
            )
            return redirect("societies:members", pk=society.pk)
    return render(
        request,
        "societies/workspace/form.html",
        {
            "society": society,
            "form": form,
            "title": _("Add a member"),
            "note": _(
                "For members who joined on paper or as units. People who apply online are approved in "
                "the application queue."
            ),
        },
    )
