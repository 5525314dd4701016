"""The establishing resolution's document (R-BR-03) through the API, and replaced documents leaving no file
behind: `POST /api/v1/branches/<id>/resolution_document/` (multipart `file`) is the secretary's or CAST's,
only while the branch is proposed, checked by content and size like the web form; a replaced document is
deleted once the replacement is committed, never when it fails."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from branches import services
from branches.models import BranchResolution
from core.models import AuditEntry

from ..factories import BranchResolutionFactory, add_active_members, good_resolution

PDF = b"%PDF-1.4\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
DOCX_LIKE = b"PK\x03\x04" + b"\x00" * 32  # a zip: neither PDF nor image
URL = "/api/v1/branches/{}/resolution_document/"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _stored(media: Path) -> list[Path]:
    folder = media / "branches" / "resolutions"
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def _upload(name="决议.pdf", content=PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def _attached():
    return AuditEntry.objects.filter(action="branches.resolution.document_attached")


# --- 1. the API action -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["secretary_a", "cast_admin"])
def test_secretary_or_cast_attaches_the_document(
    request, api, who, proposal, media, django_capture_on_commit_callbacks
):
    actor = request.getfixturevalue(who)
    branch = proposal()
    with django_capture_on_commit_callbacks(execute=True):
        res = api.as_user(actor).post(URL.format(branch.pk), {"file": _upload()}, format="multipart")
    assert res.status_code == 200, res.content
    body = res.json()
    assert body["id"] == branch.pk and body["status"] == "proposed"
    assert body["resolution"]["document_name"] == "决议.pdf"
    assert body["resolution"]["document_url"] == f"/branches/{branch.pk}/resolution/document/"
    assert body["resolution"]["present"] == 70  # the recorded numbers are untouched
    files = _stored(media)
    assert len(files) == 1 and files[0].read_bytes() == PDF
    entry = _attached().get()
    assert entry.actor == actor and entry.data["document"] == "决议.pdf" and entry.data["replaced"] == ""


@pytest.mark.django_db
def test_an_image_is_accepted_and_the_document_is_downloadable(api, login, secretary_a, proposal, media):
    branch = proposal()
    res = api.as_user(secretary_a).post(
        URL.format(branch.pk), {"file": _upload("扫描件.png", PNG, "image/png")}, format="multipart"
    )
    assert res.status_code == 200 and res.json()["resolution"]["document_name"] == "扫描件.png"
    doc = login(secretary_a).get(res.json()["resolution"]["document_url"])
    assert doc.status_code == 200 and b"".join(doc.streaming_content) == PNG


@pytest.mark.django_db
def test_no_document_yet_shows_null_url(api, secretary_a, proposal):
    branch = proposal()
    body = api.as_user(secretary_a).get(f"/api/v1/branches/{branch.pk}/").json()
    assert body["resolution"]["document_name"] == "" and body["resolution"]["document_url"] is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("决议.pdf", b"this is plain text, not a PDF", "application/pdf"),  # named PDF, content is not
        ("决议.docx", DOCX_LIKE, "application/zip"),
        ("决议.exe", b"MZ\x90\x00" + b"\x00" * 32, "application/octet-stream"),
    ],
)
def test_wrong_content_is_refused_on_file(api, secretary_a, proposal, media, name, content, content_type):
    branch = proposal()
    res = api.as_user(secretary_a).post(
        URL.format(branch.pk), {"file": _upload(name, content, content_type)}, format="multipart"
    )
    assert res.status_code == 400
    body = res.json()
    assert body["rule"] == "R-BR-03" and "file" in body
    assert BranchResolution.objects.get(branch=branch).document_name == ""
    assert _stored(media) == [] and not _attached().exists()


@pytest.mark.django_db
def test_too_large_is_refused_on_file(api, secretary_a, cast_admin, proposal, media):
    from core.rule_settings import change_rule_setting

    branch = proposal()
    change_rule_setting(actor=cast_admin, key="attachment_max_mb", value=0)
    res = api.as_user(secretary_a).post(URL.format(branch.pk), {"file": _upload()}, format="multipart")
    assert res.status_code == 400 and res.json()["rule"] == "R-BR-03" and "file" in res.json()
    assert _stored(media) == [] and not _attached().exists()


@pytest.mark.django_db
def test_missing_file_is_refused_on_file(api, secretary_a, proposal, media):
    branch = proposal()
    res = api.as_user(secretary_a).post(URL.format(branch.pk), {"comment": "x"}, format="multipart")
    assert res.status_code == 400 and res.json()["rule"] == "R-BR-03" and "file" in res.json()
    assert _stored(media) == [] and not _attached().exists()


@pytest.mark.django_db
def test_without_a_recorded_resolution_it_is_refused(api, secretary_a, society_a, media):
    branch = services.propose_branch(
        actor=secretary_a, society=society_a, data={"name": "物理化学专业委员会", "business_scope": ["15020"]}
    )
    res = api.as_user(secretary_a).post(URL.format(branch.pk), {"file": _upload()}, format="multipart")
    assert res.status_code == 400 and res.json()["rule"] == "R-BR-03" and "resolution" in res.json()
    assert not BranchResolution.objects.exists() and _stored(media) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("secretary_b", 404),  # another society's proposal does not exist for them
        ("member", 404),
        ("outsider", 404),
        ("branch_officer_x", 404),  # officer of another branch
        ("regulator", 403),  # reads proposals, does not act on them
        ("reviewer_a", 403),
    ],
)
def test_wrong_user_is_refused(request, api, who, code, proposal, media):
    branch = proposal()
    res = api.as_user(request.getfixturevalue(who)).post(
        URL.format(branch.pk), {"file": _upload()}, format="multipart"
    )
    assert res.status_code == code
    assert BranchResolution.objects.get(branch=branch).document_name == ""
    assert _stored(media) == [] and not _attached().exists()


@pytest.mark.django_db
def test_branch_officer_of_an_active_branch_is_forbidden(api, branch_officer_x, branch_x, media):
    BranchResolutionFactory(branch=branch_x)
    res = api.as_user(branch_officer_x).post(URL.format(branch_x.pk), {"file": _upload()}, format="multipart")
    assert res.status_code == 403
    assert _stored(media) == [] and not _attached().exists()


@pytest.mark.django_db
def test_anonymous_is_refused(api, proposal, media):
    branch = proposal()
    res = api.post(URL.format(branch.pk), {"file": _upload()}, format="multipart")
    assert res.status_code in (401, 403) and _stored(media) == []


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["secretary_a", "cast_admin"])
def test_only_while_proposed(request, api, who, secretary_a, society_a, proposal, media):
    add_active_members(society_a, 300)
    branch = services.submit_branch(actor=secretary_a, branch=proposal())
    res = api.as_user(request.getfixturevalue(who)).post(
        URL.format(branch.pk), {"file": _upload()}, format="multipart"
    )
    assert res.status_code == 409 and res.json()["status"] == "submitted"
    assert BranchResolution.objects.get(branch=branch).document_name == ""
    assert _stored(media) == [] and not _attached().exists()


@pytest.mark.django_db
def test_the_schema_describes_the_multipart_action(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    post = schema["paths"]["/api/v1/branches/{id}/resolution_document/"]["post"]
    content = post["requestBody"]["content"]
    assert list(content) == ["multipart/form-data"]
    ref = content["multipart/form-data"]["schema"]["$ref"].rsplit("/", 1)[-1]
    body = schema["components"]["schemas"][ref]
    assert body["properties"]["file"] == {**body["properties"]["file"], "type": "string", "format": "binary"}
    assert body["required"] == ["file"]
    response = post["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert response.endswith("/Branch")
    resolution = schema["components"]["schemas"]["Resolution"]["properties"]
    assert "document_url" in resolution and resolution["document_url"].get("readOnly") is True


# --- 2. a replaced document leaves no file behind ----------------------------------------------------


@pytest.mark.django_db
def test_api_replacement_deletes_the_old_file_after_commit(
    api, secretary_a, proposal, media, django_capture_on_commit_callbacks
):
    branch = proposal()
    client = api.as_user(secretary_a)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(URL.format(branch.pk), {"file": _upload()}, format="multipart").status_code == 200
    first = _stored(media)
    assert len(first) == 1
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        res = client.post(
            URL.format(branch.pk), {"file": _upload("新决议.png", PNG, "image/png")}, format="multipart"
        )
        assert res.status_code == 200
    assert len(_stored(media)) == 2 and len(callbacks) == 1  # the old file goes only on commit
    callbacks[0]()
    files = _stored(media)
    assert len(files) == 1 and files[0] != first[0] and files[0].read_bytes() == PNG
    resolution = BranchResolution.objects.get(branch=branch)
    assert resolution.document_name == "新决议.png" and Path(resolution.document.path) == files[0]
    assert _attached().last().data["replaced"] == "决议.pdf"


@pytest.mark.django_db
def test_refused_replacement_keeps_the_old_file(
    api, secretary_a, proposal, media, django_capture_on_commit_callbacks
):
    branch = proposal()
    client = api.as_user(secretary_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL.format(branch.pk), {"file": _upload()}, format="multipart")
        res = client.post(URL.format(branch.pk), {"file": _upload("x.pdf", b"not a pdf")}, format="multipart")
    assert res.status_code == 400
    files = _stored(media)
    assert len(files) == 1 and files[0].read_bytes() == PDF
    assert BranchResolution.objects.get(branch=branch).document_name == "决议.pdf"


@pytest.mark.django_db
@pytest.mark.parametrize("step", ["attach", "save"])
def test_rolled_back_replacement_keeps_the_old_file_and_drops_the_new(
    step, secretary_a, proposal, media, django_capture_on_commit_callbacks
):
    branch = proposal()
    with django_capture_on_commit_callbacks(execute=True):
        services.attach_resolution_document(actor=secretary_a, branch=branch, document=_upload())
    old = _stored(media)
    assert len(old) == 1
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        services.files_removed_on_failure(),
        transaction.atomic(),
    ):
        if step == "attach":
            services.attach_resolution_document(
                actor=secretary_a, branch=branch, document=_upload("新决议.pdf")
            )
        else:
            services.save_resolution(
                actor=secretary_a, branch=branch, data={"present": 80}, document=_upload("新决议.pdf")
            )
        assert len(_stored(media)) == 2
        raise RuntimeError("a later step fails")
    assert callbacks == []  # the deletion of the old file was rolled back with the transaction
    assert _stored(media) == old and old[0].read_bytes() == PDF
    resolution = BranchResolution.objects.get(branch=branch)
    assert resolution.document_name == "决议.pdf" and resolution.present == 70


@pytest.mark.django_db(transaction=True)
def test_web_replacement_deletes_the_old_file(login, secretary_a, society_a, media):
    """The web edit form (save_resolution) on a real commit: one document stays, the new one."""
    branch = services.propose_branch(
        actor=secretary_a,
        society=society_a,
        data={"name": "物理化学专业委员会", "business_scope": ["15020"]},
        resolution=good_resolution(),
        document=_upload(),
    )
    assert len(_stored(media)) == 1
    form = {
        "name": branch.name,
        "kind": "branch",
        "business_scope": "15020",
        "purpose": "",
        "res-body": "council",
        "res-held_on": good_resolution()["held_on"].isoformat(),
        "res-seats": "90",
        "res-present": "70",
        "res-votes_for": "60",
        "res-votes_against": "5",
        "res-abstain": "5",
        "res-document": _upload("新决议.png", PNG, "image/png"),
    }
    res = login(secretary_a).post(f"/branches/{branch.pk}/edit/", form)
    assert res.status_code == 302, res.content.decode()[:2000]
    files = _stored(media)
    assert len(files) == 1 and files[0].read_bytes() == PNG
    assert BranchResolution.objects.get(branch=branch).document_name == "新决议.png"
