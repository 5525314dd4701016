"""Uploaded documents are recognised by their content (magic bytes), never by their name, and bounded by
the size limit of the rule settings. Every upload in the portal (filing attachments, branch resolutions,
credit-record sources) goes through `check_document`."""

import zipfile

from django.utils.translation import gettext as _

from .errors import DomainError
from .rule_settings import rule_setting

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls/.ppt
OOXML_PARTS = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
PDF, IMAGE, OFFICE = "pdf", "image", "office"


def sniff(upload) -> tuple[str, str] | None:
    """(family, content type) that the bytes prove, or None when they are no accepted kind."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF, "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return IMAGE, "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return IMAGE, "image/jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return IMAGE, "image/gif"
    if head.startswith(OLE2):
        return OFFICE, "application/vnd.ms-office"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names:
            for prefix, content_type in OOXML_PARTS.items():
                if any(n.startswith(prefix) for n in names):
                    return OFFICE, content_type
    return None


def check_document(upload, *, field: str, allowed=(PDF, IMAGE, OFFICE), rule: str | None = None) -> str:
    """Refuse an upload that is too large or whose content is not of an allowed family; return its type."""
    limit_mb = rule_setting("attachment_max_mb")
    if upload.size > limit_mb * 1024 * 1024:
        raise DomainError(_("The file is larger than %(mb)s MB.") % {"mb": limit_mb}, field=field, rule=rule)
    found = sniff(upload)
    if found is None or found[0] not in allowed:
        labels = {PDF: "PDF", IMAGE: _("images (PNG, JPEG, GIF)"), OFFICE: _("Office documents")}
        raise DomainError(
            _("Only %(kinds)s are accepted; this file's content is none of them.")
            % {"kinds": ", ".join(str(labels[k]) for k in allowed)},
            field=field,
            rule=rule,
        )
    return found[1]
