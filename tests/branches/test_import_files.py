"""Branch import reads the same files as the member import: CSV in UTF-8 or GB18030 (Excel in China) and
XLSX; an unreadable file is refused whole and nothing is written."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from branches import services
from branches.models import Branch


@pytest.mark.django_db
def test_gb18030_csv_import_creates_proposals(secretary_a, society_a):
    text = (
        "名称,类型,业务范围,宗旨\r\n"
        "物理化学专业委员会,分支机构,15020；15030,推动物理化学\r\n"
        "香港代表处,代表机构,150,\r\n"
    )
    upload = SimpleUploadedFile("分支机构.csv", text.encode("gb18030"))
    created = services.import_branches(actor=secretary_a, society=society_a, file=upload)
    assert [(b.name, b.kind, b.business_scope, b.purpose) for b in created] == [
        ("物理化学专业委员会", "branch", ["15020", "15030"], "推动物理化学"),
        ("香港代表处", "representative", ["150"], ""),
    ]


@pytest.mark.django_db
def test_gb18030_csv_with_parent_column_is_still_refused(secretary_a, society_a, branch_x):
    text = f"名称,业务范围,parent\r\n物理化学专业委员会,15020,{branch_x.pk}\r\n"
    before = Branch.objects.count()
    with pytest.raises(services.ImportRefused) as err:
        services.import_branches(
            actor=secretary_a, society=society_a, file=SimpleUploadedFile("b.csv", text.encode("gb18030"))
        )
    assert err.value.rule == "R-BR-01"
    assert Branch.objects.count() == before


@pytest.mark.django_db
def test_xlsx_import_with_numeric_codes(secretary_a, society_a):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["name", "kind", "business_scope"])
    sheet.append(["物理化学专业委员会", "branch", 15020])
    buffer = io.BytesIO()
    workbook.save(buffer)
    created = services.import_branches(
        actor=secretary_a, society=society_a, file=SimpleUploadedFile("b.xlsx", buffer.getvalue())
    )
    assert [(b.name, b.business_scope) for b in created] == [("物理化学专业委员会", ["15020"])]


@pytest.mark.django_db
def test_unreadable_file_is_refused_on_the_page(login, secretary_a, society_a):
    upload = SimpleUploadedFile("b.xlsx", b"name,business_scope\n")
    res = login(secretary_a).post("/branches/import/", {"file": upload})
    assert res.status_code == 200
    assert [e["row"] for e in res.context["errors"]] == [1]
    assert not Branch.objects.exists()
