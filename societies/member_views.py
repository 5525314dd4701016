"""A society's member directory for its secretaries (and CAST): search, filters, pagination, CSV/XLSX
export of the filtered list, and CSV/XLSX import. Parsing and row checks live in members.import_export;
the import itself is societies.services.import_members (one transaction, audited)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_action
from core.tabular import FORMATS, table_response
from members import import_export
from members.choices import MembershipStatus, MembershipTier, Region

from . import services
from .access import society_for_change
from .forms import ImportForm
from .selectors import DIRECTORY_PAGE_SIZE, DirectoryFilters, member_directory


@login_required
def directory(request, pk):
    society = society_for_change(request, pk)
    filters = DirectoryFilters.from_query(request.GET)
    page = Paginator(member_directory(society, request.user, filters), DIRECTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "societies/members/directory.html",
        {
            "society": society,
            "page": page,
            "filters": filters,
            "query": request.GET.urlencode(),
            "tiers": MembershipTier.choices,
            "statuses": MembershipStatus.choices,
            "regions": Region.choices,
        },
    )


def _filename(society, ext: str) -> str:
    return f"members-{society.code}-{timezone.localdate():%Y%m%d}.{ext}"


@login_required
def export(request, pk, fmt):
    """The filtered directory as CSV or XLSX; the export (who, which filters, how many rows) is audited."""
    society = society_for_change(request, pk)
    if fmt not in FORMATS:
        raise Http404
    filters = DirectoryFilters.from_query(request.GET)
    memberships = member_directory(society, request.user, filters)
    response = table_response(
        import_export.EXPORT_HEADER,
        import_export.export_rows(memberships),
        fmt,
        _filename(society, fmt),
        sheet="members",
    )
    log_action(
        "members.membership.exported",
        actor=request.user,
        obj=society,
        data={"format": fmt, "rows": response.row_count, "filters": filters.as_dict()},
    )
    return response


@login_required
def import_template(request, pk, fmt):
    society = society_for_change(request, pk)
    if fmt not in FORMATS:
        raise Http404
    return table_response(
        import_export.COLUMN_KEYS, [], fmt, f"member-import-template-{society.code}.{fmt}", sheet="members"
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
        result = services.import_members(
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
        },
        status=400 if result is not None and not result.ok else 200,
    )
