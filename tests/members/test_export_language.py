"""Exports and imports in the reader's language (issue 16 item 3): headings and choice values as labels,
ID numbers masked unless asked for, and the exported file imports again (with full ID numbers)."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from members.import_export import SAMPLE_ID_NUMBER, mask_id_number
from members.models import Membership, Person

from ..factories import ActivityFactory, MembershipFactory, PersonFactory, valid_mainland_id
from ..support.exports import xlsx_export

pytestmark = pytest.mark.django_db


def _csv(response) -> list[list[str]]:
    body = response.getvalue() if response.streaming else response.content  # the directory's is streamed
    text = body.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def _sheet(response):
    return load_workbook(io.BytesIO(response.content), read_only=True)


@pytest.fixture
def listed(society_a):
    person = PersonFactory(
        name="赵导出", id_number=valid_mainland_id(321, birth="19790203"), gender="female", region="mainland"
    )
    return MembershipFactory(society=society_a, person=person, tier="senior", number="EXP001")


def test_member_export_speaks_chinese_and_masks_ids(
    login, secretary_a, society_a, listed, django_capture_on_commit_callbacks
):
    client = login(secretary_a)
    rows = _csv(client.get(f"/societies/{society_a.pk}/members/export/csv/"))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["会员编号", "姓名", "证件类型", "证件号码"]
    assert "id_type" not in header and "tier" not in header
    row = dict(zip(header, next(r for r in body if r[0] == "EXP001"), strict=True))
    assert row["证件类型"] == "居民身份证"
    assert row["性别"] == "女"
    assert row["会员级别"] == "高级会员"
    assert row["证件号码"] == mask_id_number(listed.person.id_number) != listed.person.id_number
    assert "*" in row["证件号码"]

    # XLSX is a job (members.exports), built in the requester's language
    content = xlsx_export(client, society_a, django_capture_on_commit_callbacks)
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    assert workbook.sheetnames == ["会员"]


def test_member_export_in_english_when_the_ui_is_english(login, secretary_a, society_a, listed):
    client = login(secretary_a)
    rows = _csv(client.get(f"/societies/{society_a.pk}/members/export/csv/", HTTP_ACCEPT_LANGUAGE="en"))
    header = rows[0]
    assert header[:4] == ["Membership number", "Name", "ID type", "ID number"]
    row = dict(zip(header, next(r for r in rows[1:] if r[0] == "EXP001"), strict=True))
    assert row["ID type"] == "Resident identity card" and row["Tier"] == "Senior member"


def test_exported_file_imports_again(
    login, secretary_a, society_a, society_b, listed, django_capture_on_commit_callbacks
):
    """The full-ID export of society A, imported into society B's list (renumbered), creates the same
    people's memberships there; the masked export is refused with a message that says why."""
    client = login(secretary_a)
    full = xlsx_export(client, society_a, django_capture_on_commit_callbacks, {"full_ids": "1"})
    masked = xlsx_export(client, society_a, django_capture_on_commit_callbacks)

    # The masked file, imported back: refused on the ID number, naming the mask.
    response = client.post(
        f"/societies/{society_a.pk}/members/import/",
        {"file": SimpleUploadedFile("members.xlsx", masked)},
    )
    assert response.status_code == 400
    errors = [str(e) for e in response.context["result"].errors]
    assert any("证件号码" in e and "遮盖" in e for e in errors), errors

    # The full file: the person is new to this society, so a copy without the existing person imports.
    listed.delete()
    Person.objects.filter(pk=listed.person_id).delete()
    before = Membership.objects.filter(society=society_a).count()
    response = client.post(
        f"/societies/{society_a.pk}/members/import/",
        {"file": SimpleUploadedFile("members.xlsx", full)},
    )
    assert response.status_code == 302, [str(e) for e in response.context["result"].errors]
    again = Membership.objects.get(society=society_a, number="EXP001")
    assert again.tier == "senior" and again.person.gender == "female"
    assert again.person.name == "赵导出"
    assert Membership.objects.filter(society=society_a).count() == before + 1


def test_import_template_has_labels_a_sample_and_notes(login, secretary_a, society_a):
    client = login(secretary_a)
    workbook = _sheet(client.get(f"/societies/{society_a.pk}/members/import/template/xlsx/"))
    assert workbook.sheetnames == ["会员", "填写说明"]
    rows = list(workbook["会员"].iter_rows(values_only=True))
    assert rows[0][:3] == ("姓名", "证件类型", "证件号码")
    assert rows[1][1] == "居民身份证" and rows[1][2] == SAMPLE_ID_NUMBER
    notes = list(workbook["填写说明"].iter_rows(values_only=True))
    tier = next(r for r in notes if r[0] == "会员级别")
    assert "普通会员（ordinary）" in tier[3]

    # The template as downloaded (example row left in) imports nothing and complains of nothing but
    # the empty file; with one row of labels typed in, it imports.
    csv_rows = _csv(client.get(f"/societies/{society_a.pk}/members/import/template/csv/"))
    csv_rows.append(["钱导入", "居民身份证", valid_mainland_id(654, birth="19900101"), "男"])
    out = io.StringIO()
    csv.writer(out).writerows(csv_rows)
    response = client.post(
        f"/societies/{society_a.pk}/members/import/",
        {"file": SimpleUploadedFile("t.csv", out.getvalue().encode("utf-8"))},
    )
    assert response.status_code == 302, [str(e) for e in response.context["result"].errors]
    assert not Person.objects.filter(id_number=SAMPLE_ID_NUMBER).exists()
    assert Person.objects.get(name="钱导入").gender == "male"


def test_filing_export_headings_and_sheet_in_chinese(login, cast_admin, society_a):
    ActivityFactory(society=society_a, status="submitted", is_overseas=True)
    client = login(cast_admin)
    response = client.get("/activities/review/?export=xlsx")
    workbook = _sheet(response)
    assert workbook.sheetnames == ["备案"]
    header = next(workbook.worksheets[0].iter_rows(values_only=True))
    assert header[:3] == ("备案编号", "学会", "分支机构")


def test_the_xlsx_confirmation_names_the_filters_in_words(login, secretary_a, society_a):
    page = login(secretary_a).get(
        f"/societies/{society_a.pk}/members/export/xlsx/?tier=fellow&region=taiwan&ordering=name"
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "会士" in html and "台湾" in html and "按姓名" in html
    for key in ("tier=", "region=", "ordering=", "fellow<", "taiwan<"):
        assert key not in html.split('id="export-filters"')[1].split("</dl>")[0], key
