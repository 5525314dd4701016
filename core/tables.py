"""One table component for every list page: sortable columns, numbered pages with a page size, filters in
a side panel (django-filter), bulk actions that go to a confirmation page, and a CSV/XLSX export of exactly
the filtered, sorted rows.

Modelled on django-tables2 / NetBox's ObjectListView, kept small and CSP-clean (no inline script or style:
the few behaviours live in static/portal.js). A list declares its table once:

    class SocietyTable(Table):
        columns = [
            Column("code", _("Code"), sort="code"),
            Column("name", _("Name"), sort="name", link=True),
            Column("status", _("Status"), accessor="get_status_display", sort="status"),
        ]
        default_sort = "code"
        filterset_class = SocietyFilter
        export_name = "societies"

and its view hands over the queryset the user may see (already narrowed by core.access.restrict):

    table = SocietyTable(request, restrict(Society.objects.all(), request.user))
    if (download := table.export_response()) is not None:
        return download
    return render(request, "societies/society_list.html", {"table": table})

with `{% include "components/table.html" %}` in the page.

Query parameters: the filter fields' own names, `sort` (a column key, `-key` descending — anything not
declared sortable is ignored), `per_page` (25/50/100), `page`, `export` (csv/xlsx). Two tables on one page
each declare a `prefix` ("d"): every parameter of that table, its filters' too, is then read and written
as "d-sort", "d-page", "d-status"…, and its links and forms carry the other table's parameters along.

A status filter whose choices include a sentinel standing for a group of statuses ("all", "open") is a
`StatusFilter(choices=…, groups=[("all", _("All statuses"), None), ("open", _("Open"), (…))])`.

Counting at scale: COUNT(*) over 300,000 rows is slow in PostgreSQL, so the paginator counts at most
`COUNT_LIMIT` rows (`SELECT COUNT(*) FROM (… LIMIT n)`); when there are more it takes the planner's estimate
(EXPLAIN, which reads pg_class.reltuples and the column statistics) and the page says "约 …". A page costs
the same number of queries at 5 rows as at 300,000: the bounded count (plus EXPLAIN above the limit), the
page's rows, and whatever the columns select_related.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property
from typing import Any, ClassVar

import django_filters
from django import forms
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import F, Q, QuerySet
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .audit import log_action
from .forms import Styled
from .tabular import FORMATS, table_response

PAGE_SIZES = (25, 50, 100)
DEFAULT_PAGE_SIZE = 25
# Up to this many rows a list is counted exactly; above it the planner's estimate is shown ("约 …").
COUNT_LIMIT = 10_000
EMPTY = "—"


class FilterForm(Styled, forms.Form):
    """The form of every table's filter panel: the portal's widget look and input rules."""


class AsideFilterForm(FilterForm):
    """A filter panel on a page that has another form with the same field names (the report list's "start a
    report" form also has society and year): its fields' ids are "filter-<name>", not "id_<name>"."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "filter-%s")
        super().__init__(*args, **kwargs)


class StatusFilter(django_filters.ChoiceFilter):
    """A status choice whose list starts with sentinel values each standing for a group of statuses:
    `groups` holds (value, label, statuses) with statuses None for "no narrowing" (ALL) or the statuses
    the sentinel means ("open": pending or returned). Any other value filters on the field as usual."""

    def __init__(self, *args, choices, groups: Sequence[tuple[str, Any, Iterable[str] | None]], **kwargs):
        self.groups = {value: statuses for value, _label, statuses in groups}
        super().__init__(
            *args, choices=[*((value, label) for value, label, _s in groups), *choices], **kwargs
        )

    def filter(self, qs, value):
        if value in self.groups:
            statuses = self.groups[value]
            if statuses is None:
                return qs
            return self.get_method(qs)(**{f"{self.field_name}__in": list(statuses)})
        return super().filter(qs, value)


class SearchFilter(django_filters.CharFilter):
    """A filter panel's search box: the rows where any of `fields` contains the text (`icontains`, OR'd),
    or where a field of `exact` equals it (a credit code; with a function, the text passed through it
    first: an ID number upper-cased). Empty text: no narrowing. A list whose search needs a UNION to be
    served by its indexes (the member directory) keeps its own method."""

    def __init__(
        self,
        *,
        fields: Sequence[str],
        exact: dict[str, Callable[[str], str] | None] | None = None,
        label=None,
        max_length: int = 100,
        **kwargs,
    ):
        super().__init__(label=label or gettext_lazy("Search"), max_length=max_length, **kwargs)
        self.search_fields = tuple(fields)
        self.exact_fields = dict(exact or {})

    def filter(self, qs, value):
        if value in django_filters.constants.EMPTY_VALUES:
            return qs
        match = Q()
        for path in self.search_fields:
            match |= Q(**{f"{path}__icontains": value})
        for path, transform in self.exact_fields.items():
            match |= Q(**{path: transform(value) if transform else value})
        return qs.filter(match)


def _dig(obj: Any, path: str) -> Any:
    """`obj.a.b` for the path "a.b"; a callable at the end (get_status_display) is called; None stops."""
    value = obj
    for part in path.split("."):
        if value is None:
            return None
        value = getattr(value, part)
    return value() if callable(value) else value


def plain(value: Any) -> Any:
    """A cell value as a spreadsheet receives it: dates as dates, booleans as 是/否, None as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else value
    if isinstance(value, date | int | float | Decimal):
        return value
    return str(value)


def shown(value: Any) -> str:
    """A cell value as the page shows it."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else str(value)
        )
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@dataclass
class Column:
    """One column. `accessor` is a dotted path from the row ("person.name", "get_tier_display") or a
    function of the row; default: the key. `sort` is the ORM ordering of the ascending sort (a field path or
    a tuple of them); None: not sortable. `link`: the cell links to the row's record page. `template`: a
    partial rendered with `row` and `value` for a cell that needs markup (a status badge). `export`: the
    column is in the CSV/XLSX; `export_value` its value there when not the accessor's (an ID number masked).
    `nulls_last`: rows without a value come last in both directions (PostgreSQL puts NULL first when
    descending, so "latest due date first" would otherwise open with the assignments that have none).
    """

    key: str
    label: Any
    accessor: str | Callable[[Any], Any] | None = None
    sort: str | tuple[str, ...] | None = None
    link: bool = False
    template: str | None = None
    css: str = ""
    export: bool = True
    export_value: Callable[[Any], Any] | None = None
    visible: bool = True  # False: an export-only column
    nulls_last: bool = False

    def value(self, row: Any) -> Any:
        accessor = self.accessor or self.key
        if callable(accessor):
            return accessor(row)
        return _dig(row, accessor)

    def export_cell(self, row: Any) -> Any:
        return plain(self.export_value(row) if self.export_value else self.value(row))

    @property
    def orderings(self) -> tuple[str, ...]:
        if self.sort is None:
            return ()
        return (self.sort,) if isinstance(self.sort, str) else tuple(self.sort)


@dataclass
class BulkAction:
    """A button under the table: the checked rows' ids go by GET to `url` (a confirmation page that lists
    what will happen and asks once more; its POST does it). `allowed(request)` shows or hides it."""

    name: str
    label: Any
    url: str | Callable[[], str]
    allowed: Callable[[Any], bool] = lambda request: True
    css: str = "btn-outline-primary"

    @property
    def href(self) -> str:
        return self.url() if callable(self.url) else self.url


@dataclass
class Cell:
    html: SafeString | str
    css: str


@dataclass
class Row:
    obj: Any
    url: str | None
    cells: list[Cell] = field(default_factory=list)
    css: str = ""
    html: SafeString | str = ""  # the whole <tr>, built by Table.row_html

    @property
    def pk(self):
        return self.obj.pk


@dataclass
class Header:
    key: str
    label: Any
    sortable: bool
    url: str = ""
    direction: str = ""  # "asc" / "desc" when the table is sorted by this column

    @property
    def aria_sort(self) -> str:
        return {"asc": "ascending", "desc": "descending"}.get(self.direction, "none")


def bounded_count(queryset: QuerySet, limit: int) -> tuple[int, bool]:
    """(rows, approximate): exact up to `limit`, above it the planner's estimate. On PostgreSQL one
    statement, portal_bounded_count (core migration 0006), so the query count of a page does not depend on
    the size of the list; it is handed the list's own SQL with its parameters quoted by the driver."""
    connection = connections[queryset.db] if isinstance(queryset, QuerySet) else None
    # Elsewhere (SQLite, or rows computed in Python that read like a queryset): a bounded COUNT.
    if connection is None or connection.vendor != "postgresql":
        bounded = queryset.order_by()[: limit + 1].count()
        return bounded, bounded > limit
    try:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing (pk__in=[]), known before asking
        return 0, False
    with connection.cursor() as cursor:
        query = cursor.mogrify(sql, params).decode()
        cursor.execute("SELECT n, approximate FROM portal_bounded_count(%s, %s)", [query, limit])
        rows, approximate = cursor.fetchone()
    return int(rows), bool(approximate)


DEFERRED_FROM = 1000  # rows skipped before a page reads its keys first (EstimatingPaginator._get_page)


class EstimatingPaginator(Paginator):
    """Counts exactly up to `limit` rows; above, takes the planner's estimate (`approximate` is then
    True) — in one query (bounded_count)."""

    def __init__(self, object_list, per_page, *, limit: int = COUNT_LIMIT, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.limit = limit
        self.approximate = False

    @cached_property
    def count(self) -> int:  # type: ignore[override]
        rows, self.approximate = bounded_count(self.object_list, self.limit)
        return rows

    def _get_page(self, object_list, number, paginator):
        """Django's page of the slice it cut, except that a deep page of a queryset (from DEFERRED_FROM
        rows on) first reads the primary keys of its rows alone, then those rows with their joins: the
        rows skipped by the OFFSET are then read from the ordering's index only, not each joined to its
        person or society (the directory's page 150 of the largest society: 7,450 people looked up and
        thrown away)."""
        if isinstance(object_list, QuerySet) and object_list.query.low_mark >= DEFERRED_FROM:
            pks = list(object_list.values_list("pk", flat=True))
            found = {obj.pk: obj for obj in self.object_list.order_by().filter(pk__in=pks)}
            object_list = [found[pk] for pk in pks if pk in found]
        return super()._get_page(object_list, number, paginator)


class Table:
    """Subclass per list and declare `columns`; see the module docstring."""

    columns: ClassVar[Sequence[Column]] = ()
    default_sort: ClassVar[str] = ""
    # Always appended to the ordering so pages do not overlap when the sort key has ties.
    tiebreak: ClassVar[tuple[str, ...]] = ("-pk",)
    filterset_class: ClassVar[type | None] = None
    bulk_actions: ClassVar[Sequence[BulkAction]] = ()
    export_name: ClassVar[str] = ""  # file name stem; "" : no export
    export_sheet: ClassVar[str] = ""
    export_audit: ClassVar[str] = ""  # audit action code of an export, e.g. "societies.society.exported"
    empty_text: ClassVar[Any] = gettext_lazy("Nothing matches.")
    html_id: ClassVar[str] = "table"
    # A row also carries data-<row_key>="<pk>" (what tests and scripts find it by) when set.
    row_key: ClassVar[str] = ""
    row_id: ClassVar[str] = ""  # a row's HTML id is <row_id><pk> ("application-12") when set
    row_view: ClassVar[str] = ""  # the URL name of a row's record page, reversed with its pk
    count_limit: ClassVar[int] = COUNT_LIMIT
    default_per_page: ClassVar[int] = DEFAULT_PAGE_SIZE

    # Two tables on one page: "d" makes this table's parameters "d-sort", "d-page", "d-<filter>"…
    prefix: ClassVar[str] = ""
    # A partial rendered under each row in a row of its own (`row` is the object), e.g. folded-out details.
    detail_template: ClassVar[str] = ""

    # Fields of the filter form the side panel leaves out (a list's own ordering field: the headers sort).
    filter_exclude: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self,
        request,
        queryset: QuerySet,
        *,
        params: QueryDict | None = None,
        form: forms.Form | None = None,
        **context,
    ):
        """`form`: a plain filter form the view has already applied to `queryset` (a search shared with the
        API), shown in the side panel in place of a filterset's."""
        self.request = request
        self.base_queryset = queryset
        self.params = params if params is not None else request.GET
        self.context = context
        self.plain_form = form
        self.filterset = None
        if self.filterset_class is not None:
            self.filterset = self.filterset_class(
                self.params,
                queryset=queryset,
                request=request,
                prefix=self.prefix or None,
                **self.filterset_kwargs(),
            )

    # --- hooks a list may override ---------------------------------------------------------------

    def filterset_kwargs(self) -> dict:
        return {}

    def row_url(self, row: Any) -> str | None:
        """The record page of a row: the URL named `row_view` with the row's pk when the table names one,
        else the model's get_absolute_url when it has one."""
        if self.row_view:
            return reverse(self.row_view, args=[row.pk])
        get_url = getattr(row, "get_absolute_url", None)
        return get_url() if get_url else None

    def row_css(self, row: Any) -> str:
        return ""

    def prepare_page(self, objects: list) -> None:
        """Called once with the page's rows before they render: prefetch or compute what the cells read
        for the page alone (a fixed number of queries whatever the page size)."""

    def export_rows(self, queryset: QuerySet):
        columns = self.export_columns
        for row in queryset.iterator(chunk_size=2000):
            yield [column.export_cell(row) for column in columns]

    def export_file(self, fmt: str):
        """The download of the filtered, sorted rows in `fmt`: the export columns' labels and cells."""
        header = [str(c.label) for c in self.export_columns]
        stamp = timezone.localdate().strftime("%Y%m%d")
        return table_response(
            header,
            self.export_rows(self.queryset),
            fmt,
            f"{self.export_name}-{stamp}.{fmt}",
            sheet=str(self.export_sheet or self.export_name)[:31],
        )

    def export_data(self) -> dict:
        """What the audit entry of an export records besides format and row count."""
        return {"filters": self.applied_filters, "sort": self.sort_key}

    # --- parameters ------------------------------------------------------------------------------

    def param(self, name: str) -> str:
        """The query parameter `name` ("sort", "page", "per_page", "export") of this table."""
        return f"{self.prefix}-{name}" if self.prefix else name

    @property
    def names(self) -> dict[str, str]:
        """The table's own parameter names, for the template."""
        return {name: self.param(name) for name in ("sort", "page", "per_page", "export", "cols", "cols_set")}

    def _owned(self, key: str) -> bool:
        return key.startswith(self.prefix + "-") if self.prefix else True

    @property
    def carried(self) -> list[tuple[str, str]]:
        """The other tables' parameters of the page, which this table's filter form passes on as hidden
        fields (a table without prefix owns the whole query string: nothing)."""
        if not self.prefix:
            return []
        return [(k, v) for k, values in self.request.GET.lists() if not self._owned(k) for v in values]

    @property
    def page_size_carried(self) -> list[tuple[str, str]]:
        """What the page-size form passes on: the query string without this table's page size and page."""
        mine = {self.param("per_page"), self.param("page"), self.param("export")}
        return [(k, v) for k, values in self.request.GET.lists() if k not in mine for v in values]

    @property
    def reset_url(self) -> str:
        """The filter panel's reset: this table's parameters dropped, the other tables' kept."""
        kept = QueryDict(mutable=True)
        for key, value in self.carried:
            kept.appendlist(key, value)
        encoded = kept.urlencode()
        return "?" + encoded if encoded else "?"

    # --- filtering and sorting -------------------------------------------------------------------

    @cached_property
    def filtered(self) -> QuerySet:
        if self.filterset is None:
            return self.base_queryset
        return self.filterset.qs

    @property
    def form(self) -> forms.Form | None:
        """The side panel's filter form."""
        return self.filterset.form if self.filterset is not None else self.plain_form

    @property
    def filter_fields(self) -> list:
        form = self.form
        if form is None:
            return []
        return [f for f in form.visible_fields() if f.name not in self.filter_exclude]

    @cached_property
    def applied_filters(self) -> dict:
        form = self.form
        if form is None or not form.is_bound:
            return {}
        form.is_valid()  # cleans the form once: the panel's badge is read before the rows filter
        data = getattr(form, "cleaned_data", {}) or {}
        unset = (None, "", [], ())
        return {k: str(getattr(v, "pk", v)) for k, v in data.items() if v is not False and v not in unset}

    @cached_property
    def sortable(self) -> dict[str, Column]:
        return {c.key: c for c in self.columns if c.orderings}

    @cached_property
    def sort_key(self) -> str:
        """The sort in effect: ?sort= when it names a sortable column (with "-" for descending), else the
        table's default."""
        wanted = (self.params.get(self.param("sort")) or "").strip()
        if wanted.lstrip("-") in self.sortable:
            return wanted
        return self.default_sort

    def _ordering(self) -> list:
        key = self.sort_key
        column = self.sortable.get(key.lstrip("-"))
        if column is None:
            return list(self.tiebreak)
        descending = key.startswith("-")
        ordering: list = []
        for path in column.orderings:
            flipped = path.startswith("-") != descending
            if column.nulls_last:
                expr = F(path.lstrip("-"))
                ordering.append(expr.desc(nulls_last=True) if flipped else expr.asc(nulls_last=True))
            else:
                ordering.append(("-" if flipped else "") + path.lstrip("-"))
        return ordering + list(self.tiebreak)

    @cached_property
    def queryset(self) -> QuerySet:
        """The filtered rows in the chosen order: what the page shows and what an export writes."""
        return self.filtered.order_by(*self._ordering())

    # --- paging ----------------------------------------------------------------------------------

    @cached_property
    def per_page(self) -> int:
        try:
            value = int(self.params.get(self.param("per_page"), ""))
        except ValueError:
            return self.default_per_page
        return value if value in PAGE_SIZES else self.default_per_page

    @cached_property
    def paginator(self) -> EstimatingPaginator:
        return EstimatingPaginator(self.queryset, self.per_page, limit=self.count_limit)

    @cached_property
    def page(self) -> Page:
        return self.paginator.get_page(self.params.get(self.param("page")))

    @property
    def count(self) -> int:
        return self.paginator.count

    @property
    def approximate(self) -> bool:
        self.paginator.count  # noqa: B018  the count decides whether it is an estimate
        return self.paginator.approximate

    @property
    def count_display(self) -> str:
        return f"{self.count:,}"

    @property
    def previous_url(self) -> str:
        return self.url(page=self.page.previous_page_number()) if self.page.has_previous() else ""

    @property
    def next_url(self) -> str:
        return self.url(page=self.page.next_page_number()) if self.page.has_next() else ""

    def page_links(self) -> list[dict]:
        page = self.page
        links = []
        for number in self.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
            if number == Paginator.ELLIPSIS:
                links.append({"ellipsis": True})
            else:
                links.append(
                    {"number": number, "url": self.url(page=number), "current": number == page.number}
                )
        return links

    # --- rendering -------------------------------------------------------------------------------

    def url(self, **changes) -> str:
        """This list's query string with `changes` applied (None removes a parameter); the keys are the
        unprefixed names (sort=, page=), written with this table's prefix."""
        params = self.params.copy()
        for key, value in changes.items():
            name = self.param(key)
            params.pop(name, None)
            if value not in (None, ""):
                params[name] = str(value)
        for kept_in_session in ("export", "cols", "cols_set"):
            params.pop(self.param(kept_in_session), None)
        encoded = params.urlencode()
        return "?" + encoded if encoded else "?"

    # --- column choice ---------------------------------------------------------------------------
    # The user may hide columns (all but the first, which names the row). The choice is kept per table in
    # the session, so the list looks the same next time; exports always hold every export column.

    SESSION_KEY: ClassVar[str] = "table_hidden_columns"

    @property
    def choosable(self) -> list[Column]:
        return [c for c in self.columns if c.visible][1:]

    @cached_property
    def hidden_columns(self) -> set[str]:
        """The keys of the columns this user hid: from the column form when it was just sent (and kept),
        else from the session."""
        session = getattr(self.request, "session", None)
        stored = dict(session.get(self.SESSION_KEY, {})) if session is not None else {}
        keys = {c.key for c in self.choosable}
        if self.params.get(self.param("cols_set")):
            shown = set(self.params.getlist(self.param("cols")))
            hidden = sorted(keys - shown)
            if session is not None:
                stored[self.html_id] = hidden
                session[self.SESSION_KEY] = stored
            return set(hidden)
        return set(stored.get(self.html_id, [])) & keys

    @property
    def column_choices(self) -> list[dict]:
        return [
            {"key": c.key, "label": c.label, "shown": c.key not in self.hidden_columns}
            for c in self.choosable
        ]

    @property
    def column_form_carried(self) -> list[tuple[str, str]]:
        """What the column form passes on: the query string without this table's column choice."""
        mine = {self.param("cols"), self.param("cols_set"), self.param("export")}
        return [(k, v) for k, values in self.request.GET.lists() if k not in mine for v in values]

    @property
    def visible_columns(self) -> list[Column]:
        hidden = self.hidden_columns
        return [c for c in self.columns if c.visible and c.key not in hidden]

    @property
    def export_columns(self) -> list[Column]:
        return [c for c in self.columns if c.export]

    @property
    def headers(self) -> list[Header]:
        current = self.sort_key
        headers = []
        for column in self.visible_columns:
            if column.key not in self.sortable:
                headers.append(Header(column.key, column.label, False))
                continue
            direction = "asc" if current == column.key else "desc" if current == "-" + column.key else ""
            target = "-" + column.key if direction == "asc" else column.key
            headers.append(
                Header(column.key, column.label, True, self.url(sort=target, page=None), direction)
            )
        return headers

    def render_cell(self, column: Column, row: Any, url: str | None) -> Cell:
        value = column.value(row)
        if column.template:
            rendered = render_to_string(
                column.template, {"row": row, "value": value, "request": self.request, **self.context}
            )
            # Safe: the output of an autoescaping template, only stripped of its surrounding whitespace.
            html: SafeString | str = mark_safe(rendered.strip())  # noqa: S308  # nosec B308, B703
        elif column.link and url:
            html = format_html('<a href="{}">{}</a>', url, shown(value))
        else:
            html = shown(value)
        return Cell(html, column.css)

    @cached_property
    def rows(self) -> list[Row]:
        columns = self.visible_columns
        rows = []
        objects = list(self.page.object_list)
        self.prepare_page(objects)
        select = _("Select") if self.actions else None
        for obj in objects:
            url = self.row_url(obj)
            row = Row(obj, url, [self.render_cell(c, obj, url) for c in columns], self.row_css(obj))
            row.html = self.row_html(row, select)
            rows.append(row)
        return rows

    def row_html(self, row: Row, select: str | None) -> SafeString:
        """One <tr>: built here, not in components/table.html, because the template engine's lookups per
        row and cell were a large part of a list page's time (bench/pages.py, bench/throughput.py).
        `select`: the checkbox label when the table has bulk actions."""
        pk = row.pk
        css = ("row-link " if row.url else "") + row.css
        attrs = [format_html(' class="{}"', css)]
        if row.url:
            attrs.append(format_html(' data-href="{}"', row.url))
        if self.row_id:
            attrs.append(format_html(' id="{}{}"', self.row_id, pk))
        attrs.append(format_html(' data-pk="{}"', pk))
        if self.row_key:
            attrs.append(format_html(' data-{}="{}"', self.row_key, pk))
        parts = [format_html("<tr{}>", mark_safe("".join(attrs)))]  # noqa: S308  # nosec B308, B703  each part escaped above
        if select is not None:
            parts.append(
                format_html(
                    '<td><input class="form-check-input" type="checkbox" name="ids" value="{}" '
                    'aria-label="{} {}"></td>',
                    pk,
                    select,
                    pk,
                )
            )
        for cell in row.cells:
            if cell.css:
                parts.append(format_html('<td class="{}">{}</td>', cell.css, cell.html))
            else:
                parts.append(format_html("<td>{}</td>", cell.html))
        parts.append(mark_safe("</tr>"))  # noqa: S308  # nosec B308, B703  constant markup
        return mark_safe("".join(parts))  # noqa: S308  # nosec B308, B703  joined escaped parts

    @cached_property
    def actions(self) -> list[BulkAction]:
        return [a for a in self.bulk_actions if a.allowed(self.request)]

    @property
    def column_count(self) -> int:
        return len(self.visible_columns) + (1 if self.actions else 0)

    @property
    def page_sizes(self) -> tuple[int, ...]:
        return PAGE_SIZES

    @property
    def exportable(self) -> bool:
        return bool(self.export_name)

    def export_urls(self) -> list[tuple[str, str]]:
        params = self.params.copy()
        params.pop(self.param("page"), None)
        result = []
        for fmt in FORMATS:
            params[self.param("export")] = fmt
            result.append((fmt, "?" + params.urlencode()))
        return result

    # --- export ----------------------------------------------------------------------------------

    def export_response(self):
        """The filtered, sorted rows as a CSV/XLSX download when ?export= asks for one (audited), else
        None. Cells pass core.tabular.safe_cell (no formula); ID numbers are masked by their columns."""
        fmt = self.params.get(self.param("export"))
        if not self.exportable or fmt not in FORMATS:
            return None
        response = self.export_file(fmt)
        if self.export_audit:
            log_action(
                self.export_audit,
                actor=self.request.user,
                data={"format": fmt, "rows": response.row_count, **self.export_data()},
            )
        return response
