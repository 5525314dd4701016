"""Sweeps started from the portal and the API, and the society's follow-up of a finding: rectification
with evidence, CAST returning it, and who may do what."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from compliance import services
from compliance.models import Finding, Sweep
from core.models import AuditEntry
from tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the request queued on commit (the sweep task, eager in tests) as the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def finding(society_a, committed):
    OfficerFactory(society=society_a, full_time=False)
    with committed():
        services.start_sweep(actor=None, society=society_a)
    return Finding.objects.get(rule="R-GOV-04", society=society_a)


def test_cast_starts_a_full_sweep_and_sees_it_finished(login, cast_admin, society_a, committed):
    OfficerFactory(society=society_a, full_time=False)
    client = login(cast_admin)
    page = client.get("/compliance/sweeps/")
    assert page.status_code == 200 and "全部学会" in page.content.decode()
    with committed():
        response = client.post("/compliance/sweeps/start/", {"society": ""})
    sweep = Sweep.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/compliance/sweeps/{sweep.pk}/"
    assert (sweep.status, sweep.progress, sweep.society_id, sweep.requested_by) == (
        "done",
        100,
        None,
        cast_admin,
    )
    detail = client.get(response["Location"]).content.decode()
    assert "100%" in detail and "R-GOV-04" in detail and "hx-trigger" not in detail
    assert AuditEntry.objects.filter(action="compliance.sweep.started", actor=cast_admin).exists()


def test_an_unfinished_sweep_page_polls_its_progress(login, cast_admin):
    sweep = Sweep.objects.create(status="running", progress=40, checks_done=["R-PB-01"])
    client = login(cast_admin)
    page = client.get(f"/compliance/sweeps/{sweep.pk}/").content.decode()
    assert f'hx-get="/compliance/sweeps/{sweep.pk}/progress/"' in page and "40%" in page
    Sweep.objects.filter(pk=sweep.pk).update(status="done", progress=100)
    partial = client.get(f"/compliance/sweeps/{sweep.pk}/progress/", HTTP_HX_REQUEST="true")
    assert partial["HX-Refresh"] == "true" and "100%" in partial.content.decode()


def test_secretary_sweeps_only_their_own_society(login, secretary_a, society_a, society_b):
    client = login(secretary_a)
    assert client.post("/compliance/sweeps/start/", {"society": ""}).status_code == 400
    assert client.post("/compliance/sweeps/start/", {"society": society_b.pk}).status_code == 400
    assert not Sweep.objects.exists()
    assert client.post("/compliance/sweeps/start/", {"society": society_a.pk}).status_code == 302
    assert Sweep.objects.get().society == society_a


def test_service_refuses_a_full_sweep_to_a_secretary(secretary_a):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.start_sweep(actor=secretary_a)
    assert not Sweep.objects.exists()


def test_regulator_reads_sweeps_but_does_not_start_them(login, regulator):
    client = login(regulator)
    assert client.get("/compliance/sweeps/").status_code == 200
    assert client.post("/compliance/sweeps/start/", {"society": ""}).status_code == 403


def test_api_starts_and_reads_a_sweep(api, cast_admin, secretary_a, society_a, society_b, committed):
    with committed():
        response = api.as_user(cast_admin).post("/api/v1/compliance/sweeps/", {}, format="json")
    assert response.status_code == 202, response.content
    body = response.json()
    assert {"id", "status", "progress", "findings_opened", "findings_resolved"} <= set(body)
    assert body["status"] == "queued" and body["progress"] == 0  # answered before the worker runs it
    read = api.get(f"/api/v1/compliance/sweeps/{body['id']}/").json()
    assert (read["id"], read["status"], read["progress"]) == (body["id"], "done", 100)
    secretary = api.as_user(secretary_a)
    assert secretary.post("/api/v1/compliance/sweeps/", {}, format="json").status_code == 403
    refused = secretary.post("/api/v1/compliance/sweeps/", {"society": society_b.pk}, format="json")
    assert refused.status_code == 403  # another society: seen in the register, not theirs to sweep
    missing = secretary.post("/api/v1/compliance/sweeps/", {"society": 999999}, format="json")
    assert missing.status_code == 400 and "society" in missing.json()
    odd = secretary.post("/api/v1/compliance/sweeps/", {"society": "²"}, format="json")
    assert odd.status_code == 400 and "society" in odd.json()
    mine = secretary.post("/api/v1/compliance/sweeps/", {"society": society_a.pk}, format="json")
    assert mine.status_code == 202 and mine.json()["society"] == society_a.pk
    assert secretary.get(f"/api/v1/compliance/sweeps/{body['id']}/").status_code == 404  # CAST's full sweep


def test_secretary_rectifies_with_evidence_and_cast_returns_then_resolves(
    login, client, secretary_a, cast_admin, finding
):
    sec = login(secretary_a)
    page = sec.get(f"/compliance/findings/{finding.pk}/")
    assert "秘书长" in page.content.decode()
    empty = sec.post(f"/compliance/findings/{finding.pk}/rectify/", {"rectification": "  "})
    assert empty.status_code == 200 and Finding.objects.get(pk=finding.pk).status == "open"
    upload = SimpleUploadedFile("任命文件.pdf", PDF, content_type="application/pdf")
    done = sec.post(
        f"/compliance/findings/{finding.pk}/rectify/", {"rectification": "已改为专职秘书长", "file": upload}
    )
    assert done.status_code == 302
    finding.refresh_from_db()
    assert (finding.status, finding.rectification) == ("rectifying", "已改为专职秘书长")
    [evidence] = finding.evidence.all()
    download = sec.get(f"/compliance/findings/{finding.pk}/evidence/{evidence.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert sec.get(f"/compliance/findings/{finding.pk}/send_back/").status_code == 403
    client.logout()
    cast = login(cast_admin)
    assert cast.post(f"/compliance/findings/{finding.pk}/send_back/", {"comment": ""}).status_code == 200
    assert Finding.objects.get(pk=finding.pk).status == "rectifying"  # reason required
    assert (
        cast.post(f"/compliance/findings/{finding.pk}/send_back/", {"comment": "缺任命文件"}).status_code
        == 302
    )
    assert Finding.objects.get(pk=finding.pk).status == "acknowledged"
    assert cast.post(f"/compliance/findings/{finding.pk}/resolve/", {"comment": "已核实"}).status_code == 302
    assert Finding.objects.get(pk=finding.pk).status == "resolved"


def test_evidence_rejects_a_disguised_file_and_writes_nothing(login, secretary_a, finding):
    fake = SimpleUploadedFile("证明.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = login(secretary_a).post(
        f"/compliance/findings/{finding.pk}/rectify/", {"rectification": "已整改", "file": fake}
    )
    assert response.status_code == 200
    finding.refresh_from_db()
    assert finding.status == "open" and finding.rectification == "" and not finding.evidence.exists()


def test_other_society_cannot_reach_the_finding_or_its_evidence(login, secretary_b, secretary_a, finding):
    services.add_evidence(
        actor=secretary_a,
        finding=finding,
        upload=SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf"),
    )
    evidence = finding.evidence.get()
    other = login(secretary_b)
    assert other.get(f"/compliance/findings/{finding.pk}/").status_code == 404
    assert other.get(f"/compliance/findings/{finding.pk}/evidence/{evidence.pk}/").status_code == 404
    assert (
        other.post(f"/compliance/findings/{finding.pk}/rectify/", {"rectification": "x"}).status_code == 404
    )


def test_api_rectify_and_return(api, secretary_a, cast_admin, finding):
    sec = api.as_user(secretary_a)
    bad = sec.post(f"/api/v1/findings/{finding.pk}/rectify/", {"rectification": ""}, format="json")
    assert bad.status_code == 400 and "rectification" in bad.json()
    ok = sec.post(f"/api/v1/findings/{finding.pk}/rectify/", {"rectification": "已改专职"}, format="json")
    assert ok.status_code == 200 and ok.json()["status"] == "rectifying"
    assert (
        sec.post(f"/api/v1/findings/{finding.pk}/return/", {"reason": "x"}, format="json").status_code == 403
    )
    back = api.as_user(cast_admin).post(
        f"/api/v1/findings/{finding.pk}/return/", {"reason": "缺材料"}, format="json"
    )
    assert back.status_code == 200 and back.json()["status"] == "acknowledged"
