"""Who may change a branch and when: nothing changes while CAST decides on it, name and business scope of
an established branch are the society's decision, a refused proposal leaves no document behind, and the
API refuses a society the user cannot act on and any PATCH of the status."""

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from branches import services
from branches.models import Branch, BranchResolution
from core.errors import DomainError, TransitionNotAllowed
from core.models import AuditEntry

from ..factories import add_active_members

PDF = b"%PDF-1.4\n%%EOF\n"


def _branch_audit():
    return AuditEntry.objects.filter(action__startswith="branches.branch.").count()


# --- 1. a submitted proposal is what CAST decides on --------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {"name": "催化化学专业委员会"},
        {"business_scope": ["150"]},
        {"purpose": "另一个宗旨"},
        {"kind": "representative"},
    ],
)
def test_submitted_branch_cannot_be_edited(secretary_a, society_a, proposal, data):
    add_active_members(society_a, 300)
    branch = services.submit_branch(actor=secretary_a, branch=proposal())
    audit_before = AuditEntry.objects.count()
    with pytest.raises(TransitionNotAllowed) as err:
        services.update_branch(actor=secretary_a, branch=branch, data=data)
    assert err.value.status == "submitted"
    fresh = Branch.objects.get(pk=branch.pk)
    assert (fresh.name, fresh.business_scope, fresh.purpose, fresh.kind) == (
        "物理化学专业委员会",
        ["15020"],
        "",
        "branch",
    )
    assert AuditEntry.objects.count() == audit_before


@pytest.mark.django_db
def test_submitted_branch_patch_is_409(api, secretary_a, society_a, proposal):
    add_active_members(society_a, 300)
    branch = services.submit_branch(actor=secretary_a, branch=proposal())
    res = api.as_user(secretary_a).patch(
        f"/api/v1/branches/{branch.pk}/",
        {"name": "催化化学专业委员会", "business_scope": ["150"]},
        format="json",
    )
    assert res.status_code == 409
    assert res.json()["status"] == "submitted" and res.json()["detail"]
    branch.refresh_from_db()
    assert branch.name == "物理化学专业委员会" and branch.business_scope == ["15020"]


@pytest.mark.django_db
def test_submitted_branch_web_edit_writes_nothing(login, secretary_a, society_a, proposal):
    add_active_members(society_a, 300)
    branch = services.submit_branch(actor=secretary_a, branch=proposal())
    res = login(secretary_a).post(
        f"/branches/{branch.pk}/edit/",
        {"name": "催化化学专业委员会", "kind": "branch", "business_scope": "150", "purpose": ""},
    )
    assert res.status_code == 200  # the form again, with the refusal
    branch.refresh_from_db()
    assert branch.name == "物理化学专业委员会" and branch.business_scope == ["15020"]
    assert not AuditEntry.objects.filter(action="branches.branch.renamed").exists()


@pytest.mark.django_db
def test_proposal_can_still_be_edited_before_submission(secretary_a, proposal):
    branch = services.update_branch(
        actor=secretary_a, branch=proposal(), data={"name": "催化化学专业委员会", "business_scope": ["150"]}
    )
    assert branch.name == "催化化学专业委员会" and branch.business_scope == ["150"]


# --- 1. name and scope of an established branch: the society's secretary (or CAST) --------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {"name": "有机与合成化学专业委员会"},
        {"business_scope": ["150", "15020"]},
        {"name": "有机与合成化学专业委员会", "purpose": "x"},
    ],
)
def test_branch_officer_cannot_rename_or_rescope_own_active_branch(branch_officer_x, branch_x, data):
    audit_before = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        services.update_branch(actor=branch_officer_x, branch=branch_x, data=data)
    branch_x.refresh_from_db()
    assert branch_x.name == "有机化学专业委员会" and branch_x.business_scope == ["150"]
    assert branch_x.purpose != "x"
    assert AuditEntry.objects.count() == audit_before


@pytest.mark.django_db
def test_branch_officer_edits_descriptive_fields(branch_officer_x, branch_x):
    # re-sending the unchanged name and scope with a new purpose is fine
    done = services.update_branch(
        actor=branch_officer_x,
        branch=branch_x,
        data={"name": "有机化学专业委员会", "business_scope": ["150"], "purpose": "有机化学学术交流"},
    )
    assert done.purpose == "有机化学学术交流"
    entry = AuditEntry.objects.get(action="branches.branch.edited")
    assert list(entry.data) == ["purpose"]


@pytest.mark.django_db
def test_branch_officer_rename_via_api_is_403(api, branch_officer_x, branch_x):
    res = api.as_user(branch_officer_x).patch(
        f"/api/v1/branches/{branch_x.pk}/", {"business_scope": ["15020"]}, format="json"
    )
    assert res.status_code == 403
    branch_x.refresh_from_db()
    assert branch_x.business_scope == ["150"]


@pytest.mark.django_db
def test_branch_officer_web_form_keeps_name_and_scope(login, branch_officer_x, branch_x):
    client = login(branch_officer_x)
    page = client.get(f"/branches/{branch_x.pk}/edit/")
    assert page.status_code == 200
    assert page.context["form"].fields["name"].disabled
    assert page.context["form"].fields["business_scope"].disabled
    res = client.post(
        f"/branches/{branch_x.pk}/edit/",
        {"name": "改名专业委员会", "kind": "branch", "business_scope": "15020", "purpose": "新宗旨"},
    )
    assert res.status_code == 302
    branch_x.refresh_from_db()
    assert branch_x.name == "有机化学专业委员会" and branch_x.business_scope == ["150"]
    assert branch_x.purpose == "新宗旨"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["secretary_a", "cast_admin"])
def test_secretary_or_cast_renames_active_branch_with_the_rules(request, who, branch_x, branch_y):
    actor = request.getfixturevalue(who)
    done = services.update_branch(
        actor=actor, branch=branch_x, data={"name": "有机与合成化学专业委员会", "business_scope": ["15020"]}
    )
    assert done.name == "有机与合成化学专业委员会" and done.business_scope == ["15020"]
    assert AuditEntry.objects.filter(action="branches.branch.renamed", actor=actor).exists()
    # R-BR-01 and R-BR-02 are still checked on every rename and scope change
    with pytest.raises(DomainError) as err:
        services.update_branch(actor=actor, branch=branch_x, data={"name": "有机与合成化学专委会下设合成组"})
    assert err.value.rule == "R-BR-01"
    with pytest.raises(DomainError) as err:
        services.update_branch(actor=actor, branch=branch_x, data={"business_scope": ["140"]})
    assert err.value.rule == "R-BR-02"
    with pytest.raises(DomainError) as err:
        services.update_branch(actor=actor, branch=branch_x, data={"name": branch_y.name})
    assert err.value.field == "name"
    branch_x.refresh_from_db()
    assert branch_x.name == "有机与合成化学专业委员会" and branch_x.business_scope == ["15020"]


@pytest.mark.django_db
def test_other_society_secretary_cannot_rename(secretary_b, branch_x):
    with pytest.raises(PermissionDenied):
        services.update_branch(actor=secretary_b, branch=branch_x, data={"name": "改名专业委员会"})


# --- 2. a refused propose+submit leaves no document in MEDIA_ROOT --------------------------------------


def _stored(media: Path) -> list[Path]:
    folder = media / "branches" / "resolutions"
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def _proposal_post(present: str) -> dict:
    return {
        "name": "物理化学专业委员会",
        "kind": "branch",
        "business_scope": "15020",
        "purpose": "物理化学学术交流",
        "res-body": "council",
        "res-held_on": "2026-01-10",
        "res-seats": "90",
        "res-present": present,
        "res-votes_for": "45",
        "res-votes_against": "0",
        "res-abstain": "0",
        "res-document": SimpleUploadedFile("决议.pdf", PDF, content_type="application/pdf"),
        "intent": "submit",
    }


@pytest.mark.django_db
def test_refused_propose_and_submit_leaves_no_file(login, secretary_a, society_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    add_active_members(society_a, 300)
    client = login(secretary_a)
    assert _stored(tmp_path) == []
    res = client.post("/branches/new/", _proposal_post(present="50"))  # no quorum: refused on submit
    assert res.status_code == 200 and "R-BR-03" in res.content.decode()
    assert not Branch.objects.exists() and not BranchResolution.objects.exists()
    assert _stored(tmp_path) == []
    # the same proposal with a quorum keeps exactly its one document
    res = client.post("/branches/new/", _proposal_post(present="70"))
    assert res.status_code == 302
    files = _stored(tmp_path)
    assert len(files) == 1 and files[0].read_bytes() == PDF
    assert Branch.objects.get().resolution.document.name.endswith("决议.pdf")


@pytest.mark.django_db
def test_files_removed_on_failure_covers_the_whole_block(secretary_a, society_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from django.db import transaction

    with pytest.raises(RuntimeError), services.files_removed_on_failure(), transaction.atomic():
        services.propose_branch(
            actor=secretary_a,
            society=society_a,
            data={"name": "物理化学专业委员会", "business_scope": ["15020"]},
            resolution={"held_on": "2026-01-10", "seats": 90, "present": 70, "votes_for": 60},
            document=SimpleUploadedFile("决议.pdf", PDF, content_type="application/pdf"),
        )
        assert len(_stored(tmp_path)) == 1
        raise RuntimeError("a later step fails")
    assert _stored(tmp_path) == [] and not Branch.objects.exists()


# --- 3. API: society field and status ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("who,status", [("secretary_b", 400), ("branch_officer_x", 403), ("member", 403)])
def test_api_create_for_a_society_one_cannot_act_on_is_refused(api, request, who, status, society_a):
    """Another society's secretary is told the society is not theirs (400 on `society`); someone who
    proposes for no society at all is refused before the body is read (403)."""
    res = api.as_user(request.getfixturevalue(who)).post(
        "/api/v1/branches/",
        {"society": society_a.pk, "name": "物理化学专业委员会", "business_scope": ["15020"]},
        format="json",
    )
    assert res.status_code == status
    if status == 400:
        assert "society" in res.json()
    assert not Branch.objects.filter(name="物理化学专业委员会").exists()


@pytest.mark.django_db
def test_api_create_with_a_status_is_refused(api, secretary_a, society_a):
    res = api.as_user(secretary_a).post(
        "/api/v1/branches/",
        {
            "society": society_a.pk,
            "name": "物理化学专业委员会",
            "business_scope": ["15020"],
            "status": "active",
        },
        format="json",
    )
    assert res.status_code == 400 and "status" in res.json()
    assert not Branch.objects.filter(name="物理化学专业委员会").exists()


@pytest.mark.django_db
def test_api_branch_does_not_move_to_another_society(api, secretary_a, branch_x, society_b):
    client = api.as_user(secretary_a)
    res = client.patch(f"/api/v1/branches/{branch_x.pk}/", {"society": society_b.pk}, format="json")
    assert res.status_code == 400 and "society" in res.json()
    branch_x.refresh_from_db()
    assert branch_x.society_id != society_b.pk
    # naming its own society is harmless
    res = client.patch(
        f"/api/v1/branches/{branch_x.pk}/", {"society": branch_x.society_id, "purpose": "x"}, format="json"
    )
    assert res.status_code == 200 and res.json()["purpose"] == "x"
