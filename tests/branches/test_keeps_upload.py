"""Forms keep the user's work (issue 16 item 6): the resolution document chosen on the proposal form
survives a validation error elsewhere on the form — held in a temporary store under a signed token, shown
as "已上传：…", attached again on the next submit without choosing the file again."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from branches.models import Branch, BranchResolution
from core.uploads import held_upload

from ..factories import good_resolution

PDF = b"%PDF-1.4\n%%EOF\n"

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _form(**changes):
    form = {
        "society_id": "",
        "name": "物理化学专业委员会",
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
        "intent": "save",
    }
    form.update(changes)
    return form


def test_the_document_survives_a_validation_error(login, secretary_a, secretary_b, society_a, media):
    client = login(secretary_a)
    upload = SimpleUploadedFile("设立决议.pdf", PDF, content_type="application/pdf")
    res = client.post("/branches/new/", _form(society_id=society_a.pk, name="", **{"res-document": upload}))
    assert res.status_code == 200 and not Branch.objects.filter(society=society_a, name="").exists()
    html = res.content.decode()
    assert "已上传：设立决议.pdf" in html
    token = re.search(r'name="res-document__held" value="([^"]+)"', html).group(1)
    assert held_upload(token, user=secretary_b) is None  # bound to the user who uploaded it
    assert held_upload(token + "x", user=secretary_a) is None

    # Corrected, without choosing the file again: the held document is attached.
    res = client.post("/branches/new/", _form(society_id=society_a.pk, **{"res-document__held": token}))
    assert res.status_code == 302, res.content.decode()[:3000]
    resolution = BranchResolution.objects.get(branch__name="物理化学专业委员会")
    assert resolution.document_name == "设立决议.pdf"
    assert resolution.document.read() == PDF


def test_a_wrong_file_is_not_kept(login, secretary_a, society_a, media):
    client = login(secretary_a)
    upload = SimpleUploadedFile("x.pdf", b"not a pdf at all", content_type="application/pdf")
    res = client.post("/branches/new/", _form(society_id=society_a.pk, **{"res-document": upload}))
    assert res.status_code == 200
    assert "res-document__held" not in res.content.decode()


def test_the_charter_document_survives_too(login, secretary_a, society_a, media):
    """The same store behind every form drawn by core/partials/form.html (here the charter form)."""
    from societies.models import CharterVersion

    client = login(secretary_a)
    url = f"/societies/{society_a.pk}/workspace/charters/new/"
    upload = SimpleUploadedFile("章程.pdf", PDF, content_type="application/pdf")
    res = client.post(url, {"adopted_on": "", "business_scope": "150", "document": upload})
    assert res.status_code == 200
    html = res.content.decode()
    assert "已上传：章程.pdf" in html
    token = re.search(r'name="document__held" value="([^"]+)"', html).group(1)
    res = client.post(url, {"adopted_on": "2026-01-01", "business_scope": "150", "document__held": token})
    assert res.status_code == 302, res.content.decode()[:2000]
    assert CharterVersion.objects.filter(society=society_a).latest("version").document.read() == PDF
