"""CAST's audit-log page (/audit-log/) and API (`audit-log/`): search, bad input (400 naming the field),
constant query count, CSV export that is itself audited, read-only."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.audit import audit_context, log_action
from core.models import AuditEntry

from ..factories import BranchFactory, UserFactory


def _entries(n, society, actor):
    branch = BranchFactory(society=society)
    for i in range(n):
        with audit_context("web", f"10.0.0.{i % 250 + 1}"):
            log_action("branches.branch.changed", actor=actor, obj=branch, comment=f"c{i}")


@pytest.mark.django_db
def test_the_page_shows_readable_entries_in_chinese(login, cast_admin, secretary_a, society_a):
    _entries(3, society_a, secretary_a)
    page = login(cast_admin).get("/audit-log/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "审计日志" in html and "分支机构" in html and society_a.name in html and "10.0.0.1" in html


@pytest.mark.django_db
def test_filters_narrow_the_list(login, cast_admin, secretary_a, secretary_b, society_a, society_b):
    _entries(2, society_a, secretary_a)
    _entries(1, society_b, secretary_b)
    client = login(cast_admin)

    def ids(**params):
        response = client.get("/audit-log/", params)
        assert response.status_code == 200
        return [e.pk for e in response.context["page"]]

    by_a = list(AuditEntry.objects.filter(actor=secretary_a).values_list("pk", flat=True))
    assert sorted(ids(actor=secretary_a.username)) == sorted(by_a)
    assert sorted(ids(society=society_a.pk)) == sorted(
        AuditEntry.objects.filter(society=society_a).values_list("pk", flat=True)
    )
    assert ids(action="branches.", actor=secretary_b.username, object_type="branches.branch")
    assert ids(action="nothing.") == []
    assert ids(result="denied", actor=secretary_a.username) == []
    assert len(ids(object="专业委员会", channel="web")) == 3
    oldest_first = ids(ordering="at")
    assert oldest_first == sorted(oldest_first)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"at_after": "2026-13-40"}, "at_after"),
        ({"at_before": "9999-12-31"}, "at_before"),
        ({"at_after": "2026-05-02", "at_before": "2026-05-01"}, "at_before"),
        ({"society": "²"}, "society"),
        ({"society": "1" + "0" * 30}, "society"),
        ({"result": "maybe"}, "result"),
        ({"object_type": "branch"}, "object_type"),
        ({"actor": "a\x00b"}, "actor"),
    ],
)
@pytest.mark.django_db
def test_bad_filters_answer_400_naming_the_field(login, api, cast_admin, params, field):
    page = login(cast_admin).get("/audit-log/", params)
    assert page.status_code == 400
    if page.context is not None and page.context.get("form") is not None:
        assert page.context["form"].errors[field]
    else:  # a NUL is refused for the whole request before the page (core input rules), naming the field
        assert field in page.content.decode()
    response = api.as_user(cast_admin).get("/api/v1/audit-log/", params)
    assert response.status_code == 400 and field in str(response.content)


@pytest.mark.django_db
def test_query_count_is_constant_per_page(login, cast_admin, secretary_a, society_a):
    client = login(cast_admin)
    _entries(5, society_a, secretary_a)
    client.get("/audit-log/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/audit-log/").status_code == 200
    _entries(45, society_a, UserFactory())
    with CaptureQueriesContext(connection) as many:
        assert client.get("/audit-log/").status_code == 200
    assert len(many) == len(few)

    api_client = api_of(cast_admin)
    with CaptureQueriesContext(connection) as api_many:
        assert api_client.get("/api/v1/audit-log/").status_code == 200
    assert len(api_many) <= 6


def api_of(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.django_db
def test_csv_export_of_the_filtered_list_is_audited(login, cast_admin, secretary_a, society_a, society_b):
    _entries(2, society_a, secretary_a)
    _entries(1, society_b, UserFactory())
    response = login(cast_admin).get("/audit-log/export/", {"society": society_a.pk})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + 2
    assert rows[1][3] == "branches.branch.changed" and rows[1][4] == society_a.name
    exported = AuditEntry.objects.filter(action="core.auditentry.exported", actor=cast_admin).get()
    assert exported.data["rows"] == 2 and exported.data["filters"]["society"] == str(society_a.pk)


@pytest.mark.django_db
def test_the_api_lists_and_never_writes(api, cast_admin, regulator, secretary_a, society_a):
    _entries(2, society_a, secretary_a)
    client = api.as_user(cast_admin)
    body = client.get("/api/v1/audit-log/", {"actor": secretary_a.username}).json()
    assert body["count"] == 2
    row = body["results"][0]
    assert row["actor"] == secretary_a.username and row["society"] == society_a.pk
    assert row["object_type"] == "branches.branch" and row["channel"] == "web" and row["result"] == "ok"
    assert row["ip"].startswith("10.0.0.") and row["action_label"].startswith("分支机构")
    entry = AuditEntry.objects.filter(actor=secretary_a).first()
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)(f"/api/v1/audit-log/{entry.pk}/", {}).status_code == 405
    assert AuditEntry.objects.filter(pk=entry.pk, comment=entry.comment).exists()
    assert api.as_user(regulator).get("/api/v1/audit-log/").status_code == 200
    assert api.as_user(secretary_a).get("/api/v1/audit-log/").status_code == 403
