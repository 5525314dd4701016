"""The audit trail of issue 14 (item 2, finding 5): who, when, IP, channel, society and result on every
entry; logins and failed logins; refusals from views, services and serializers alike; append-only in the
database; a retention purge that removes only what is older than the retention period."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.test import override_settings
from django.utils import timezone

from core.access import CHANGE, flush_refusal_audits, require
from core.audit import audit_context, log_action
from core.errors import DomainError
from core.models import AuditEntry
from core.tasks import purge_audit

from ..factories import PASSWORD, BranchFactory


def last(**filters) -> AuditEntry:
    entry = AuditEntry.objects.filter(**filters).order_by("-id").first()
    assert entry is not None, f"no audit entry {filters}"
    return entry


# --- who, when, IP, channel, society, result ----------------------------------------------------------


@pytest.mark.django_db
def test_an_entry_carries_the_society_of_its_object_and_the_system_channel(branch_x):
    entry = log_action("branches.branch.changed", actor=None, obj=branch_x)
    assert entry.society_id == branch_x.society_id
    assert (entry.channel, entry.result, entry.ip) == ("system", "ok", None)
    assert log_action("societies.society.changed", actor=None, obj=branch_x.society).society_id == (
        branch_x.society_id
    )


@pytest.mark.django_db
def test_web_and_api_requests_record_ip_and_channel(login, api, secretary_a, society_a, society_b):
    login(secretary_a).get(f"/branches/{BranchFactory(society=society_b).pk}/", REMOTE_ADDR="10.1.2.3")
    web = last(actor=secretary_a, action="core.access.denied_view")
    assert (web.channel, web.ip, web.result, web.society_id) == ("web", "10.1.2.3", "denied", society_b.pk)

    other = BranchFactory(society=society_b)
    api.as_user(secretary_a).get(f"/api/v1/branches/{other.pk}/", REMOTE_ADDR="10.9.8.7")
    entry = last(actor=secretary_a, action="core.access.denied_view")
    assert (entry.channel, entry.ip, entry.result) == ("api", "10.9.8.7", "denied")


@pytest.mark.django_db
def test_x_forwarded_for_is_trusted_only_when_configured(client, secretary_a):
    headers = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7, 10.0.0.1"}
    client.post("/accounts/login/", {"username": secretary_a.username, "password": "wrong"}, **headers)
    assert last(action="accounts.user.login_failed").ip == "10.0.0.1"
    with override_settings(AUDIT_TRUST_X_FORWARDED_FOR=True):
        client.post("/accounts/login/", {"username": secretary_a.username, "password": "wrong"}, **headers)
    assert last(action="accounts.user.login_failed").ip == "203.0.113.7"


@pytest.mark.django_db
def test_tasks_write_with_the_task_channel():
    from core.tasks import heartbeat

    result = heartbeat.delay("audit").get()
    assert AuditEntry.objects.get(pk=result["entry"]).channel == "task"


# --- logins ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_login_failed_login_and_logout_are_audited_once(client, secretary_a):
    client.post("/accounts/login/", {"username": secretary_a.username, "password": "nope"})
    failed = last(action="accounts.user.login_failed")
    assert (failed.result, failed.actor_id, failed.channel) == ("failed", None, "web")
    assert failed.data["username"] == secretary_a.username and "nope" not in str(failed.data)
    assert failed.object_id == str(secretary_a.pk)

    client.post("/accounts/login/", {"username": secretary_a.username, "password": PASSWORD})
    assert AuditEntry.objects.filter(action="accounts.user.logged_in", actor=secretary_a).count() == 1
    assert last(action="accounts.user.logged_in").result == "ok"
    client.post("/accounts/logout/")
    assert AuditEntry.objects.filter(action="accounts.user.logged_out", actor=secretary_a).count() == 1


@pytest.mark.django_db
def test_a_failed_token_request_is_audited(api, secretary_a):
    api.post("/api/v1/auth/token/", {"username": secretary_a.username, "password": "nope"})
    assert last(action="accounts.user.login_failed").channel == "api"


# --- refusals from views, services and serializers -----------------------------------------------------


@pytest.mark.django_db
def test_a_secretary_posting_a_cast_step_leaves_an_entry(login, secretary_a, society_a):
    branch = BranchFactory(society=society_a, status="submitted")
    response = login(secretary_a).post(f"/branches/{branch.pk}/approve/", {"comment": "x"})
    assert response.status_code == 403
    entry = last(actor=secretary_a, result="denied")
    assert entry.action.startswith("core.access.denied_") and entry.channel == "web"
    branch.refresh_from_db()
    assert branch.status == "submitted"


@pytest.mark.django_db
def test_a_service_refusal_rolled_back_with_its_transaction_is_written_again(secretary_a, society_b):
    with audit_context("web", "10.0.0.5"):
        with pytest.raises(PermissionDenied), transaction.atomic():
            require(secretary_a, society_b, CHANGE)
        assert not AuditEntry.objects.filter(actor=secretary_a).exists()  # rolled back
        flush_refusal_audits()  # what AuditContextMiddleware does at the end of the request
    entry = last(actor=secretary_a)
    assert (entry.action, entry.result, entry.society_id, entry.ip) == (
        "core.access.denied_change",
        "denied",
        society_b.pk,
        "10.0.0.5",
    )
    assert AuditEntry.objects.filter(actor=secretary_a).count() == 1


@pytest.mark.django_db
def test_another_societys_society_in_a_post_body_answers_400_and_is_audited(api, secretary_a, society_b):
    response = api.as_user(secretary_a).post(
        "/api/v1/branches/", {"society": society_b.pk, "name": "专业委员会"}, format="json"
    )
    assert response.status_code == 400 and "society" in response.json()
    entry = last(actor=secretary_a, action="core.access.denied_reference")
    assert (entry.result, entry.channel, entry.society_id) == ("denied", "api", society_b.pk)
    assert entry.data["field"] == "society"

    # an id that names nothing is a mistake, not an attempt: same answer, no entry
    before = AuditEntry.objects.filter(action="core.access.denied_reference").count()
    unknown = api.as_user(secretary_a).post(
        "/api/v1/branches/", {"society": 987654, "name": "专业委员会"}, format="json"
    )
    assert unknown.status_code == 400
    assert unknown.json()["society"][0].replace("987654", "?") == response.json()["society"][0].replace(
        str(society_b.pk), "?"
    )
    assert AuditEntry.objects.filter(action="core.access.denied_reference").count() == before


@pytest.mark.django_db
def test_a_mismatched_nested_id_answers_400_and_is_audited(api, secretary_a, branch_x, society_b):
    response = api.as_user(secretary_a).patch(
        f"/api/v1/branches/{branch_x.pk}/", {"society": society_b.pk}, format="json"
    )
    assert response.status_code == 400
    entry = last(actor=secretary_a, action="core.access.denied_reference")
    assert entry.result == "denied" and entry.data["model"] == "societies.society"


@pytest.mark.django_db
def test_a_filing_naming_another_societys_branch_is_audited(secretary_a, society_a, society_b):
    from activities import services as activities

    from ..factories import filing_data

    foreign = BranchFactory(society=society_b)
    with audit_context("web"):
        with pytest.raises(DomainError):
            activities.create_filing(actor=secretary_a, society=society_a, data=filing_data(branch=foreign))
        flush_refusal_audits()  # the service's transaction took the first entry away
    entry = last(actor=secretary_a, action="core.access.denied_reference")
    assert entry.data["field"] == "branch" and entry.society_id == society_a.pk


# --- append-only, also in the database -------------------------------------------------------------------


@pytest.mark.django_db
def test_the_orm_refuses_to_change_or_delete_an_entry():
    entry = log_action("core.system.heartbeat", actor=None)
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(comment="forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).comment == ""


@pytest.mark.django_db
def test_plain_sql_as_the_apps_database_user_cannot_change_or_delete_an_entry():
    entry = log_action("core.system.heartbeat", actor=None)
    for sql in (
        "UPDATE core_auditentry SET comment = 'forged' WHERE id = %s",
        "DELETE FROM core_auditentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.pk])
    # the purge flag lets a DELETE through, never an UPDATE
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET LOCAL portal.audit_purge = 'on'")
        cursor.execute("UPDATE core_auditentry SET comment = 'x' WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk, comment="").exists()


@pytest.mark.django_db
def test_the_admin_offers_no_add_change_or_delete(rf, cast_admin):
    from django.contrib import admin

    model_admin = admin.site._registry[AuditEntry]
    request = rf.get("/admin/core/auditentry/")
    request.user = cast_admin
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


# --- retention --------------------------------------------------------------------------------------------


def _entry_aged(days: int) -> AuditEntry:
    at = timezone.now() - timedelta(days=days)
    return AuditEntry.objects.bulk_create([AuditEntry(action="core.system.heartbeat", at=at)])[0]


@pytest.mark.django_db
@override_settings(AUDIT_RETENTION_DAYS=365)
def test_the_purge_removes_only_rows_older_than_the_retention_period():
    old = [_entry_aged(400) for _ in range(5)]
    kept = [_entry_aged(300), _entry_aged(0)]
    assert purge_audit(batch=2)["removed"] == 5
    assert not AuditEntry.objects.filter(pk__in=[e.pk for e in old]).exists()
    assert AuditEntry.objects.filter(pk__in=[e.pk for e in kept]).count() == 2
    summary = last(action="core.auditentry.purged")
    assert summary.data["removed"] == 5 and summary.data["retention_days"] == 365


@pytest.mark.django_db
@override_settings(AUDIT_RETENTION_DAYS=30)
def test_the_retention_period_never_goes_below_180_days():
    within = _entry_aged(179)
    beyond = _entry_aged(181)
    assert purge_audit()["removed"] == 1
    assert AuditEntry.objects.filter(pk=within.pk).exists()
    assert not AuditEntry.objects.filter(pk=beyond.pk).exists()


def test_settings_refuse_a_retention_below_180_days():
    import subprocess
    import sys

    env = {
        "AUDIT_RETENTION_DAYS": "90",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_SECRET_KEY": "x" * 50,
        "PORTAL_EMBEDDED": "true",
        "PATH": "",
    }
    done = subprocess.run(  # noqa: S603  # our own interpreter, fixed arguments
        [sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True
    )
    assert done.returncode != 0 and "AUDIT_RETENTION_DAYS must be at least 180" in done.stderr


def test_the_purge_is_scheduled_daily():
    from django.conf import settings

    assert settings.CELERY_BEAT_SCHEDULE["core-purge-audit"]["task"] == "core.purge_audit"
