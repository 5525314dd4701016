"""The annual work report (R-GOV-05): the secretary opens the draft, writes, generates, submits; CAST
returns it with a reason or accepts it; every version and opinion is kept; late → compliance finding.
And report downloads go through the permission check."""

import subprocess
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from compliance import engine as compliance_engine
from compliance.models import Finding
from core.errors import DomainError
from core.models import AuditEntry
from reports import services
from reports.models import AnnualReport, Report
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _generate(client, annual, committed):
    with committed():
        response = client.post(f"/reports/annual/{annual.pk}/generate/")
    assert response.status_code == 302
    return Report.objects.filter(annual_report=annual).order_by("-version").first()


def test_annual_report_round_trip_on_the_web(login, client, secretary_a, cast_admin, society_a, committed):
    MembershipFactory.create_batch(3, society=society_a, status="active")
    sec = login(secretary_a)
    response = sec.post("/reports/annual/open/", {"society": society_a.pk, "year": 2025})
    annual = AnnualReport.objects.get(society=society_a, year=2025)
    assert response.status_code == 302 and response["Location"] == f"/reports/annual/{annual.pk}/"
    assert sec.post(f"/reports/annual/{annual.pk}/submit/").status_code == 302
    assert AnnualReport.objects.get(pk=annual.pk).status == "draft"  # no PDF yet: refused with a message

    saved = sec.post(
        f"/reports/annual/{annual.pk}/", {"overview": "本年度学会围绕学术交流开展工作。", "plans": "明年计划"}
    )
    assert saved.status_code == 302
    first = _generate(sec, annual, committed)
    assert first.status == "done" and first.version == 1
    text = subprocess.run(["pdftotext", first.file.path, "-"], capture_output=True, text=True).stdout
    assert society_a.name in text and "本年度学会围绕学术交流开展工作。" in text
    assert sec.post(f"/reports/annual/{annual.pk}/submit/").status_code == 302
    annual.refresh_from_db()
    assert (annual.status, annual.report_id) == ("submitted", first.pk)
    late_edit = sec.post(f"/reports/annual/{annual.pk}/", {"overview": "改"})  # not editable now
    assert late_edit.status_code == 400
    assert AnnualReport.objects.get(pk=annual.pk).narrative["overview"] != "改"

    client.logout()
    cast = login(cast_admin)
    assert cast.post(f"/reports/annual/{annual.pk}/return/", {"comment": ""}).status_code == 400  # reason
    assert (
        cast.post(f"/reports/annual/{annual.pk}/return/", {"comment": "请补充党建工作情况"}).status_code
        == 302
    )
    annual.refresh_from_db()
    assert (annual.status, annual.comment) == ("returned", "请补充党建工作情况")
    assert cast.post(f"/reports/annual/{annual.pk}/generate/").status_code == 403  # CAST never writes it

    client.logout()
    sec = login(secretary_a)
    sec.post(
        f"/reports/annual/{annual.pk}/", {"overview": "本年度学会围绕学术交流开展工作。", "party": "党建"}
    )
    second = _generate(sec, annual, committed)
    assert second.version == 2 and second.file.name != first.file.name
    assert sec.post(f"/reports/annual/{annual.pk}/submit/").status_code == 302
    client.logout()
    cast = login(cast_admin)
    assert cast.post(f"/reports/annual/{annual.pk}/accept/", {"comment": "同意"}).status_code == 302
    annual.refresh_from_db()
    assert (annual.status, annual.report_id) == ("accepted", second.pk)
    assert Report.objects.filter(annual_report=annual).count() == 2  # every version kept
    steps = list(
        AuditEntry.objects.filter(object_id=str(annual.pk), action__startswith="reports.annualreport.")
        .exclude(to_status="")
        .values_list("to_status", "comment")
    )
    assert ("returned", "请补充党建工作情况") in steps and steps[-1][0] == "accepted"


def test_services_refuse_the_wrong_actor(secretary_b, cast_admin, society_a, secretary_a):
    with pytest.raises(PermissionDenied):
        services.open_annual_report(actor=secretary_b, society=society_a, year=2025)
    with pytest.raises(PermissionDenied):
        services.open_annual_report(actor=cast_admin, society=society_a, year=2025)
    annual = services.open_annual_report(actor=secretary_a, society=society_a, year=2025)
    with pytest.raises(PermissionDenied):
        services.accept_annual_report(actor=secretary_a, annual=annual)
    with pytest.raises(PermissionDenied):
        services.start_report(actor=secretary_a, kind="compliance")  # all societies: CAST only
    with pytest.raises(DomainError) as bad:
        services.start_report(actor=cast_admin, kind="scorecard", society=None, year=1999)
    assert bad.value.field == "year"
    with pytest.raises(DomainError) as unknown:
        services.update_narrative(actor=secretary_a, annual=annual, narrative={"=cmd|' /C calc'!A0": "x"})
    assert unknown.value.field == "narrative"


def test_download_is_permission_checked(login, client, secretary_a, secretary_b, society_a, committed):
    with committed():
        report = services.start_report(actor=secretary_a, kind="branch_roster", society=society_a)
    report.refresh_from_db()
    assert report.status == "done"
    own = login(secretary_a).get(f"/reports/{report.pk}/download.pdf")
    assert own.status_code == 200 and b"".join(own.streaming_content).startswith(b"%PDF")
    assert client.get(f"/reports/{report.pk}/download.xlsx").status_code == 200
    client.logout()
    other = login(secretary_b)
    assert other.get(f"/reports/{report.pk}/download.pdf").status_code == 404
    assert other.get(f"/reports/{report.pk}/").status_code == 404


def test_api_reports_and_annual_reports(api, secretary_a, cast_admin, society_a, committed):
    sec = api.as_user(secretary_a)
    with committed():
        started = sec.post(
            "/api/v1/reports/", {"kind": "branch_roster", "society": society_a.pk}, format="json"
        )
    assert started.status_code == 202, started.content
    body = started.json()
    assert {
        "id",
        "kind",
        "society",
        "year",
        "version",
        "status",
        "progress",
        "file",
        "error",
        "created_at",
    } <= set(body)
    assert body["file"] is None
    done = sec.get(f"/api/v1/reports/{body['id']}/").json()
    assert done["status"] == "done" and done["progress"] == 100 and done["file"].endswith("/download.pdf")
    assert sec.post("/api/v1/reports/", {"kind": "nonsense"}, format="json").status_code == 400
    assert (
        sec.post(
            "/api/v1/reports/", {"kind": "annual_report", "society": society_a.pk}, format="json"
        ).status_code
        == 400
    )

    created = sec.post("/api/v1/annual-reports/", {"society": society_a.pk, "year": 2025}, format="json")
    assert created.status_code == 201, created.content
    annual_id = created.json()["id"]
    patched = sec.patch(
        f"/api/v1/annual-reports/{annual_id}/", {"narrative": {"overview": "概述"}}, format="json"
    )
    assert patched.status_code == 200 and patched.json()["narrative"]["overview"] == "概述"
    bad = sec.patch(f"/api/v1/annual-reports/{annual_id}/", {"narrative": {"x": 1}}, format="json")
    assert bad.status_code == 400 and "narrative" in bad.json()
    early = sec.post(f"/api/v1/annual-reports/{annual_id}/submit/", {}, format="json")
    assert early.status_code == 400 and early.json().get("rule") == "R-GOV-05"


def test_late_annual_report_is_a_finding_R_GOV_05(society_a, secretary_a, monkeypatch, committed):
    from datetime import datetime

    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 6, 15))
    monkeypatch.setattr(timezone, "now", lambda: timezone.make_aware(datetime(2026, 6, 15, 9)))
    sweep = compliance_engine.run(
        compliance_engine.new_sweep(actor=None, society=society_a, trigger="manual").pk
    )
    finding = Finding.objects.get(rule="R-GOV-05", society=society_a)
    assert finding.facts == {"society": society_a.name, "year": 2025, "due_on": "2026-05-31"}
    annual = services.open_annual_report(actor=secretary_a, society=society_a, year=2025)
    AnnualReport.objects.filter(pk=annual.pk).update(status="submitted")
    compliance_engine.run(compliance_engine.new_sweep(actor=None, society=society_a, trigger="manual").pk)
    finding.refresh_from_db()
    assert finding.status == "resolved" and sweep.pk
