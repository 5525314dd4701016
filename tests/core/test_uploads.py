"""Uploads are recognised by content, not name (filing attachments, branch resolutions)."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.errors import DomainError
from core.uploads import IMAGE, OFFICE, PDF, check_document, sniff


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content,family",
    [
        (b"%PDF-1.7 ...", PDF),
        (b"\x89PNG\r\n\x1a\n....", IMAGE),
        (b"\xff\xd8\xff\xe0....", IMAGE),
        (docx_bytes(), OFFICE),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1....", OFFICE),
    ],
)
def test_accepted_kinds_are_recognised(content, family):
    assert sniff(SimpleUploadedFile("x.bin", content))[0] == family


@pytest.mark.django_db
@pytest.mark.parametrize("content", [b"MZ\x90\x00executable", b"<html>hi</html>", b"PK\x03\x04not a zip"])
def test_renamed_files_are_refused(content):
    with pytest.raises(DomainError) as err:
        check_document(SimpleUploadedFile("决议.pdf", content), field="document")
    assert err.value.field == "document"


@pytest.mark.django_db
def test_branch_resolution_must_be_pdf_or_image(secretary_a, society_a):
    from branches.models import Branch
    from branches.services import propose_branch

    with pytest.raises(DomainError) as err:
        propose_branch(
            actor=secretary_a,
            society=society_a,
            data={"name": "催化专业委员会", "kind": "branch", "business_scope": ["150"]},
            resolution={},
            document=SimpleUploadedFile("决议.pdf", docx_bytes()),
        )
    assert err.value.rule == "R-BR-03" and err.value.field == "document"
    assert not Branch.objects.filter(name="催化专业委员会").exists()
