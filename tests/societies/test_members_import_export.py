"""Member import (all rows checked, nothing written on any bad row) and export (scoped, filtered, audited)."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from core.models import AuditEntry
from members.import_export import COLUMN_KEYS, column_label
from members.models import Membership, Person

from ..factories import MembershipFactory, PersonFactory, valid_mainland_id, wrong_check_digit
from ..support.exports import xlsx_export

pytestmark = pytest.mark.django_db

HEADER = ["name", "id_type", "id_number", "region", "employer", "tier", "category", "number", "email"]


def csv_upload(rows, header=HEADER, name="members.csv"):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8"), content_type="text/csv")


def good_rows(n=3, start=500):
    return [
        [
            f"导入{i}",
            "mainland_id",
            valid_mainland_id(start + i, birth="19800101"),
            "mainland",
            f"北京大学{i}",
            "ordinary",
            "individual",
            f"IMP{i:04d}",
            f"p{i}@example.org",
        ]
        for i in range(n)
    ]


def counts():
    return Person.objects.count(), Membership.objects.count()


def post_import(client, society, upload):
    return client.post(f"/societies/{society.pk}/members/import/", {"file": upload})


def test_good_import_creates_people_and_memberships(login, secretary_a, society_a):
    existing = PersonFactory(name="老会员", id_number=valid_mainland_id(999, birth="19800101"))
    MembershipFactory(society=society_a, person=existing, status="lapsed")  # linked already: a former member
    rows = good_rows(3)
    rows.append(["老会员", "Resident identity card", existing.id_number, "", "", "fellow", "", "IMP9999", ""])
    response = post_import(login(secretary_a), society_a, csv_upload(rows))
    assert response.status_code == 302, [str(e) for e in response.context["result"].errors]
    assert Person.objects.count() == 4  # 3 created + 1 linked
    memberships = Membership.objects.filter(society=society_a, status="active")
    assert memberships.count() == 4
    linked = memberships.get(person=existing)
    assert linked.tier == "fellow" and linked.number == "IMP9999" and linked.status == "active"
    created = Person.objects.get(name="导入0")
    assert created.birth_date.isoformat() == "1980-01-01" and created.history.count() == 1
    entry = AuditEntry.objects.get(action="members.membership.imported")
    assert entry.actor == secretary_a
    assert entry.data["people_created"] == 3
    assert entry.data["people_linked"] == 1 and entry.data["memberships_created"] == 4


def test_one_bad_row_writes_nothing_and_names_the_row(login, secretary_a, society_a):
    rows = good_rows(4)
    bad_id = wrong_check_digit(rows[2][2])
    rows[2][2] = bad_id  # line 4 of the file: wrong check digit
    before = counts()
    response = post_import(login(secretary_a), society_a, csv_upload(rows))
    assert response.status_code == 400
    errors = response.context["result"].errors
    assert [(e.row, e.column) for e in errors] == [(4, "id_number")]
    assert counts() == before
    assert AuditEntry.objects.filter(action="members.membership.import_refused").exists()
    assert not AuditEntry.objects.filter(action="members.membership.imported").exists()


def test_every_kind_of_bad_row_is_reported(login, secretary_a, society_a):
    member = MembershipFactory(society=society_a, number="TAKEN1")
    rows = good_rows(8)
    rows[0][0] = ""  # line 2: name missing
    rows[1][5] = "platinum"  # line 3: unknown tier
    rows[2][7] = "TAKEN1"  # line 4: number used in the society
    rows[3][7] = rows[4][7]  # line 6 repeats line 5's number → reported on line 6? (line 5 is first)
    rows[5][8] = "not-an-email"  # line 7
    rows[6][0], rows[6][2] = member.person.name, member.person.id_number  # line 8: R-MEM-01
    rows[7][3] = "atlantis"  # line 9: unknown region
    before = counts()
    response = post_import(login(secretary_a), society_a, csv_upload(rows))
    found = {(e.row, e.column) for e in response.context["result"].errors}
    assert found == {
        (2, "name"),
        (3, "tier"),
        (4, "number"),
        (6, "number"),
        (7, "email"),
        (8, "id_number"),
        (9, "region"),
    }
    assert any("R-MEM-01" in str(e) for e in response.context["result"].errors)
    assert counts() == before


def test_duplicate_person_in_file_and_missing_column(login, secretary_a, society_a):
    rows = good_rows(2)
    rows[1][2] = rows[0][2]
    rows[1][0] = rows[0][0]
    response = post_import(login(secretary_a), society_a, csv_upload(rows))
    assert [(e.row, e.column) for e in response.context["result"].errors] == [(3, "id_number")]
    response = post_import(login(secretary_a), society_a, csv_upload([["x"]], header=["name"]))
    assert response.context["result"].errors[0].row == 1
    assert Membership.objects.count() == 0


def test_xlsx_import(login, secretary_a, society_a):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in good_rows(2, start=700):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("m.xlsx", buffer.getvalue())
    response = post_import(login(secretary_a), society_a, upload)
    assert response.status_code == 302
    assert Membership.objects.filter(society=society_a).count() == 2


def test_import_refused_for_other_society(login, secretary_b, society_a):
    response = post_import(login(secretary_b), society_a, csv_upload(good_rows(1)))
    assert response.status_code == 403
    assert counts() == (0, 0)


def test_template_downloads(login, secretary_a, society_a):
    client = login(secretary_a)
    body = client.get(f"/societies/{society_a.pk}/members/import/template/csv/").content.decode("utf-8-sig")
    labels = [column_label(key) for key in COLUMN_KEYS]  # issue 16: headings are labels (Chinese here)
    assert body.strip().splitlines()[0].split(",") == labels
    content = client.get(f"/societies/{society_a.pk}/members/import/template/xlsx/").content
    sheet = load_workbook(io.BytesIO(content)).active
    assert [c.value for c in sheet[1]] == labels


def test_csv_export_is_filtered_scoped_and_audited(login, secretary_a, society_a, society_b):
    fellow = MembershipFactory(society=society_a, tier="fellow", person__name="张会士")
    MembershipFactory(society=society_a, tier="student")
    MembershipFactory(society=society_b, tier="fellow")
    response = login(secretary_a).get(f"/societies/{society_a.pk}/members/export/csv/?tier=fellow")
    assert response.status_code == 200
    assert response.streaming  # written while it is sent, whatever the size of the directory
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0][:3] == ["会员编号", "姓名", "证件类型"]
    assert [r[1] for r in rows[1:]] == ["张会士"]
    full = fellow.person.id_number
    assert rows[1][0] == fellow.number and rows[1][3] == full[:3] + "*" * (len(full) - 7) + full[-4:]
    entry = AuditEntry.objects.get(action="members.membership.exported")
    assert entry.data == {
        "format": "csv",
        "rows": 1,
        "filters": {"tier": "fellow", "ordering": "number"},
        "full_ids": False,
    }


def test_full_id_numbers_only_when_asked_and_audited(login, secretary_a, society_a):
    """Issue 14, item 4: ID numbers are masked in exports unless the user asks; that export is audited."""
    member = MembershipFactory(society=society_a)
    client = login(secretary_a)
    masked = client.get(f"/societies/{society_a.pk}/members/export/csv/").getvalue().decode("utf-8-sig")
    assert member.person.id_number not in masked
    full = (
        client.get(f"/societies/{society_a.pk}/members/export/csv/?full_ids=1").getvalue().decode("utf-8-sig")
    )
    assert member.person.id_number in full
    flags = list(
        AuditEntry.objects.filter(action="members.membership.exported")
        .order_by("pk")
        .values_list("data", flat=True)
    )
    assert [d["full_ids"] for d in flags] == [False, True]


def test_xlsx_export(login, secretary_a, society_a, django_capture_on_commit_callbacks):
    """XLSX is a job (members.exports): the GET confirms, the POST queues it, its page offers the file."""
    MembershipFactory.create_batch(3, society=society_a)
    content = xlsx_export(login(secretary_a), society_a, django_capture_on_commit_callbacks)
    sheet = load_workbook(io.BytesIO(content)).active
    values = list(sheet.values)
    assert len(values) == 4 and values[0][0] == "会员编号"


def test_export_refused_for_other_society(login, secretary_b, society_a):
    MembershipFactory(society=society_a)
    response = login(secretary_b).get(f"/societies/{society_a.pk}/members/export/csv/")
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="members.membership.exported").exists()


def test_import_never_attaches_another_societys_member(login, api, secretary_a, society_a, society_b):
    """Issue 14, finding 2: a row with another society's member's name and ID number is refused, with
    the same message as a known ID under another name, and the person stays out of the secretary's reach."""
    outsider = PersonFactory(name="外会会员", id_number=valid_mainland_id(998, birth="19800101"))
    MembershipFactory(society=society_b, person=outsider, status="active")
    renamed = PersonFactory(name="真名", id_number=valid_mainland_id(997, birth="19800101"))
    MembershipFactory(society=society_b, person=renamed, status="active")
    rows = good_rows(1)
    rows.append(["外会会员", "Resident identity card", outsider.id_number, "", "", "ordinary", "", "", ""])
    rows.append(["假名", "Resident identity card", renamed.id_number, "", "", "ordinary", "", "", ""])
    before = counts()
    response = post_import(login(secretary_a), society_a, csv_upload(rows))
    assert response.status_code == 400
    errors = response.context["result"].errors
    assert [(e.row, e.column) for e in errors] == [(3, "id_number"), (4, "id_number")]
    assert errors[0].message == errors[1].message  # same words whether the name matched or not
    assert counts() == before
    assert not Membership.objects.filter(society=society_a, person=outsider).exists()
    assert api.as_user(secretary_a).get(f"/api/v1/people/{outsider.pk}/").status_code == 404
