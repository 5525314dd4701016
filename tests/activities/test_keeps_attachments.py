"""Forms keep the user's work (issue 16 item 6): the attachments chosen on the filing form survive a
validation error elsewhere on the form — held under signed tokens (core.uploads), listed as "已上传：…",
attached when the corrected draft is saved, without choosing the files again; a file whose content is
refused is named and not kept."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from activities.models import Activity

from ..factories import ActivityFactory, filing_data

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _post_data(society, **changes) -> dict:
    data = {k: (", ".join(v) if isinstance(v, list) else str(v)) for k, v in filing_data().items()}
    data["society_id"] = society.pk
    data.update(changes)
    return data


def _tokens(html: str) -> list[str]:
    return re.findall(r'name="att-files__held" value="([^"]+)"', html)


def test_chosen_attachments_survive_an_error_and_are_attached_on_save(login, secretary_a, society_a):
    client = login(secretary_a)
    files = [
        SimpleUploadedFile("邀请函.pdf", PDF, content_type="application/pdf"),
        SimpleUploadedFile("会场.png", PNG, content_type="image/png"),
    ]
    res = client.post("/activities/new/", {**_post_data(society_a, title=""), "att-files": files})
    assert res.status_code == 200 and not Activity.objects.exists()
    assert "title" in res.context["form"].errors
    html = res.content.decode()
    assert "已上传：邀请函.pdf" in html and "已上传：会场.png" in html
    tokens = _tokens(html)
    assert len(tokens) == 2

    res = client.post("/activities/new/", {**_post_data(society_a), "att-files__held": tokens}, follow=True)
    activity = Activity.objects.get()
    assert res.redirect_chain[-1][0] == f"/activities/{activity.pk}/"
    names = sorted(activity.attachments.values_list("original_name", flat=True))
    assert names == ["会场.png", "邀请函.pdf"]
    pdf = activity.attachments.get(original_name="邀请函.pdf")
    assert pdf.content_type == "application/pdf" and pdf.file.read() == PDF
    (said,) = [str(m) for m in res.context["messages"]]
    assert said == "已保存草稿《有机合成前沿研讨会》，请检查后提交备案。已添加 2 个附件。"


def test_held_attachments_belong_to_their_uploader(login, secretary_a, society_a):
    from core.roles import Role

    from ..factories import UserFactory

    res = login(secretary_a).post(
        "/activities/new/",
        {**_post_data(society_a, title=""), "att-files": SimpleUploadedFile("a.pdf", PDF)},
    )
    (token,) = _tokens(res.content.decode())
    colleague = UserFactory(roles=[{"role": Role.SECRETARY, "society": society_a}])
    res = login(colleague).post("/activities/new/", {**_post_data(society_a), "att-files__held": token})
    assert res.status_code == 302
    assert not Activity.objects.get().attachments.exists()  # another user's token attaches nothing


def test_a_refused_file_is_named_not_kept_and_nothing_is_saved(login, secretary_a, society_a):
    client = login(secretary_a)
    files = [SimpleUploadedFile("好.pdf", PDF), SimpleUploadedFile("坏.pdf", b"MZ not a pdf")]
    res = client.post("/activities/new/", {**_post_data(society_a), "att-files": files})
    assert res.status_code == 200 and not Activity.objects.exists()
    errors = res.context["att_form"].errors["files"]
    assert len(errors) == 1 and errors[0].startswith("坏.pdf：")
    assert _tokens(res.content.decode()) == []


def test_attachments_added_on_edit_keep_the_existing_ones(login, secretary_a, society_a):
    activity = ActivityFactory(society=society_a, created_by=secretary_a, status="draft", **filing_data())
    client = login(secretary_a)
    url = f"/activities/{activity.pk}/edit/"
    page = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'hx-params="not att-files"' in page
    res = client.post(
        url, {**_post_data(society_a, starts_on=""), "att-files": SimpleUploadedFile("议程.pdf", PDF)}
    )
    assert res.status_code == 200
    (token,) = _tokens(res.content.decode())
    res = client.post(url, {**_post_data(society_a), "att-files__held": token}, follow=True)
    assert res.status_code == 200
    assert list(activity.attachments.values_list("original_name", flat=True)) == ["议程.pdf"]
    assert [str(m) for m in res.context["messages"]] == [
        "已保存对备案《有机合成前沿研讨会》的修改。已添加 1 个附件。"
    ]
