"""The table component (core.tables) on the society directory: sorting by a whitelisted key, numbered pages
with a page size, django-filter filters, the export of exactly the filtered rows (formula-safe), the
planner's estimate above the count limit, and a constant number of queries."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from core.models import AuditEntry
from core.roles import Role
from core.tables import Column, EstimatingPaginator, Table
from societies.models import Society

from ..factories import SocietyFactory, UserFactory

pytestmark = pytest.mark.django_db


def names(response):
    return [row.obj.name for row in response.context["table"].rows]


def test_sort_by_a_column_and_reverse(client):
    for name in ("乙学会", "甲学会", "丙学会"):
        SocietyFactory(name=name)
    asc = names(client.get("/societies/?sort=name"))
    desc = names(client.get("/societies/?sort=-name"))
    assert asc == sorted(asc) and desc == list(reversed(asc))


def test_an_unknown_sort_key_falls_back_to_the_default(client):
    SocietyFactory.create_batch(3)
    response = client.get("/societies/?sort=credit_code")  # a real field, not a sortable column
    assert response.status_code == 200
    assert response.context["table"].sort_key == "code"
    codes = [row.obj.code for row in response.context["table"].rows]
    assert codes == sorted(codes)


def test_header_links_toggle_the_direction(client):
    SocietyFactory()
    table = client.get("/societies/?sort=name&status=active").context["table"]
    header = {h.key: h for h in table.headers}
    assert header["name"].direction == "asc"
    assert "sort=-name" in header["name"].url and "status=active" in header["name"].url
    assert header["code"].direction == "" and "sort=code" in header["code"].url


def test_page_size_and_numbered_pages(client):
    SocietyFactory.create_batch(30)
    table = client.get("/societies/?per_page=25&page=2").context["table"]
    assert table.per_page == 25 and len(table.rows) == 5 and table.count == 30
    assert [link["number"] for link in table.page_links() if "number" in link] == [1, 2]
    assert client.get("/societies/?per_page=7").context["table"].per_page == 25  # not a choice: the default
    body = client.get("/societies/?per_page=25").content.decode()
    assert 'aria-label="页码"' in body or "page=2" in body


def test_filters_in_the_side_panel(client):
    SocietyFactory(name="化学会", status="active")
    SocietyFactory(name="力学会", status="suspended")
    assert names(client.get("/societies/?status=suspended")) == ["力学会"]
    assert names(client.get("/societies/?q=化学")) == ["化学会"]
    body = client.get("/societies/?status=suspended&q=学").content.decode()
    assert 'badge text-bg-primary">2</span>' in body  # the panel counts the filters in effect
    response = client.get("/societies/?status=bogus")  # an invalid choice: the field says so, no 500
    assert response.status_code == 200
    assert response.context["table"].filterset.form.errors["status"]


def test_export_writes_the_filtered_rows_formula_safe_and_is_audited(client):
    SocietyFactory(name="=HYPERLINK(1)学会", status="active", name_en="x")
    SocietyFactory(name="力学会", status="suspended")
    response = client.get("/societies/?status=active&export=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["代码", "名称"]  # the column headers, translated
    assert len(rows) == 2 and rows[1][1] == "'=HYPERLINK(1)学会"
    entry = AuditEntry.objects.get(action="societies.society.exported")
    assert entry.data["rows"] == 1 and entry.data["filters"] == {"status": "active"}

    xlsx = client.get("/societies/?sort=-name&export=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    values = [r[1] for r in sheet.iter_rows(values_only=True)][1:]
    assert len(values) == 2 and values == sorted(values, reverse=True)


class _Tiny(Table):
    columns = [Column("name", "name", sort="name")]
    default_sort = "name"


def test_above_the_count_limit_the_planner_estimates(rf):
    SocietyFactory.create_batch(6)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE societies_society")
    paginator = EstimatingPaginator(Society.objects.all(), 2, limit=3)
    assert paginator.count >= 4 and paginator.approximate
    exact = EstimatingPaginator(Society.objects.all(), 2, limit=100)
    assert exact.count == 6 and not exact.approximate

    class Estimated(_Tiny):
        count_limit = 3

    request = rf.get("/")
    table = Estimated(request, Society.objects.all())
    assert table.approximate and table.count_display


@pytest.mark.parametrize("persona", [None, "cast_admin"])
def test_query_count_is_the_same_at_5_and_50_rows(request, client, login, persona):
    if persona:
        client = login(request.getfixturevalue(persona))
    SocietyFactory.create_batch(5)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/societies/?per_page=100&sort=-name").status_code == 200
    SocietyFactory.create_batch(45)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/societies/?per_page=100&sort=-name").status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_an_estimated_count_reads_about(rf):
    from django.template.loader import render_to_string

    SocietyFactory.create_batch(6)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE societies_society")

    class Estimated(_Tiny):
        count_limit = 3

    request = rf.get("/societies/")
    request.user = __import__("django.contrib.auth.models", fromlist=["AnonymousUser"]).AnonymousUser()
    html = render_to_string(
        "components/table.html", {"table": Estimated(request, Society.objects.all()), "request": request}
    )
    assert "约 " in html and "条" in html


def test_a_prefixed_table_reads_and_writes_only_its_own_parameters(rf):
    """Two tables on one page: each reads "<prefix>-sort", "-page", "-per_page", "-export" and its filters
    as "<prefix>-<name>"; its links keep the other table's parameters, its forms carry them along."""
    from societies.tables import SocietyFilter

    class First(Table):
        prefix = "a"
        columns = [Column("code", "Code", sort="code"), Column("name", "Name", sort="name")]
        default_sort = "code"
        filterset_class = SocietyFilter
        export_name = "first"

    SocietyFactory(name="甲学会", code="zz", status="active")
    SocietyFactory(name="乙学会", code="aa", status="suspended")
    request = rf.get("/", {"a-sort": "-code", "a-status": "active", "sort": "name", "b-page": "2"})
    request.user = None
    table = First(request, Society.objects.all())
    assert [row.obj.code for row in table.rows] == ["zz"]
    assert table.sort_key == "-code" and table.applied_filters == {"status": "active"}
    assert table.names == {
        "sort": "a-sort",
        "page": "a-page",
        "per_page": "a-per_page",
        "export": "a-export",
        "cols": "a-cols",
        "cols_set": "a-cols_set",
    }
    header = {h.key: h for h in table.headers}["name"]
    assert "a-sort=name" in header.url and "b-page=2" in header.url and "a-status=active" in header.url
    assert "a-page=3" in table.url(page=3) and "page=3" not in table.url(page=3).replace("a-page=3", "")
    assert table.carried == [("sort", "name"), ("b-page", "2")]  # what its filter form passes on
    assert "a-" not in table.reset_url and "b-page=2" in table.reset_url
    assert dict(table.page_size_carried)["a-sort"] == "-code"
    assert all("a-export=" in href and "b-page=2" in href for _fmt, href in table.export_urls())
    assert table.export_response() is None  # ?export= is not its parameter
    request = rf.get("/", {"a-export": "csv", "export": "xlsx"})
    request.user = None
    response = First(request, Society.objects.all()).export_response()
    assert response is not None and response["Content-Type"].startswith("text/csv")
    # without a prefix nothing changes: the plain names, and the whole query string is the table's
    plain = type("Plain", (First,), {"prefix": ""})(rf.get("/", {"sort": "-name"}), Society.objects.all())
    assert plain.sort_key == "-name" and plain.carried == [] and plain.reset_url == "?"


def test_the_finance_page_keeps_its_two_tables_apart(login, secretary_a, society_a):
    from tests.factories import DonationFactory, ExpenditureFactory

    DonationFactory(society=society_a, amount="100.00", donor="甲公司")
    DonationFactory(society=society_a, amount="900.00", donor="乙公司", status="recorded")
    ExpenditureFactory(society=society_a, amount="5.00", status="recorded")
    client = login(secretary_a)
    response = client.get("/party-building/finance/?d-sort=-amount&e-status=recorded")
    donations, expenditures = response.context["donations"], response.context["expenditures"]
    assert [r.obj.donor for r in donations.rows] == ["乙公司", "甲公司"]
    assert expenditures.sort_key == "-spent_on"
    assert len(expenditures.rows) == 1 and donations.count == 2
    assert "¥900.00" in response.content.decode()  # core.formats.money
    # the page's links of old: one status for both lists
    legacy = client.get("/party-building/finance/?status=recorded")
    assert legacy.context["donations"].count == 1 and legacy.context["expenditures"].count == 1
    export = client.get("/party-building/finance/?e-export=csv")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert len(rows) == 2 and AuditEntry.objects.filter(action="party_building.expenditure.exported").exists()


def _headers(response) -> list[str]:
    return [h.key for h in response.context["table"].headers]


def test_hidden_columns_stay_hidden_for_this_user_and_the_export_keeps_them(client, login, cast_admin):
    SocietyFactory.create_batch(2)
    user = login(cast_admin)
    everything = _headers(user.get("/societies/"))
    first, hide = everything[0], everything[-1]
    shown = [k for k in everything[1:] if k != hide]
    chosen = user.get("/societies/", {"cols_set": "1", "cols": shown})
    assert _headers(chosen) == [first, *shown]
    html = chosen.content.decode()
    assert f'data-column="{hide}"' not in html and 'id="societies-col-' + hide + '"' in html
    # Kept for the next visit (the session), and the sort links do not carry the choice along.
    again = user.get("/societies/?sort=name")
    assert _headers(again) == [first, *shown]
    assert all("cols" not in h.url for h in again.context["table"].headers if h.sortable)
    # The first column names the row: it cannot be hidden.
    assert _headers(user.get("/societies/", {"cols_set": "1"})) == [first]
    # The export still writes every column.
    rows = list(csv.reader(io.StringIO(user.get("/societies/?export=csv").getvalue().decode("utf-8-sig"))))
    assert len(rows[0]) >= len(everything)
    # Someone else's list is not affected.
    client.logout()
    other = login(UserFactory(roles=[{"role": Role.CAST_ADMIN}]))
    assert _headers(other.get("/societies/")) == everything


def test_a_count_is_one_query_below_and_above_the_limit():
    """bounded_count: exact up to the limit, the planner's estimate above it — one statement either way
    (portal_bounded_count), so a page of a large list costs the queries of a small one."""
    from core.tables import bounded_count

    SocietyFactory.create_batch(6)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE societies_society")
    with CaptureQueriesContext(connection) as small:
        assert bounded_count(Society.objects.all(), 100) == (6, False)
    with CaptureQueriesContext(connection) as large:
        rows, approximate = bounded_count(Society.objects.all(), 3)
    assert approximate and rows >= 4
    assert len(small) == len(large) == 1
    tricky = Society.objects.filter(name__contains="50%' OR '1'='1")  # quoted by the driver, not run
    assert bounded_count(tricky, 3) == (0, False)
    assert bounded_count(Society.objects.filter(pk__in=[]), 3) == (0, False)  # nothing to ask the database


def test_a_deep_page_reads_its_keys_first_and_keeps_the_order(monkeypatch):
    """From DEFERRED_FROM rows on, a page reads the keys of its rows, then those rows: the same rows in
    the same order as the plain slice, the skipped rows never joined (one more query, on deep pages only)."""
    import core.tables

    SocietyFactory.create_batch(9)
    ordered = Society.objects.select_related().order_by("-name", "pk")
    expected = list(ordered[4:6])
    monkeypatch.setattr(core.tables, "DEFERRED_FROM", 4)
    paginator = EstimatingPaginator(ordered, 2, limit=100)
    with CaptureQueriesContext(connection) as deep:
        assert list(paginator.page(3).object_list) == expected
    assert "OFFSET 4" in deep.captured_queries[-2]["sql"] and '"id" IN' in deep.captured_queries[-1]["sql"]
    assert list(paginator.page(1).object_list) == list(ordered[:2])  # a shallow page: the plain slice
