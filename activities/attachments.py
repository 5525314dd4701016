"""Attachments: PDF, images and Office documents only, recognised by their content (magic bytes), not
their name; size limit from the rule settings; stored under MEDIA_ROOT, never under the web root."""

import zipfile

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import log_action
from core.errors import DomainError
from core.rule_settings import rule_setting

from .models import Activity, Attachment
from .services import _require_filer

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc/.xls/.ppt
OOXML_PARTS = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def sniff(upload) -> str | None:
    """The content type the bytes prove, or None when they are not an accepted kind."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head.startswith(OLE2):
        return "application/vnd.ms-office"
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
                    return content_type
    return None


@transaction.atomic
def add_attachment(*, actor, activity: Activity, upload) -> Attachment:
    _require_filer(actor, activity)
    limit_mb = rule_setting("attachment_max_mb")
    if upload.size > limit_mb * 1024 * 1024:
        raise DomainError(_("The file is larger than %(mb)s MB.") % {"mb": limit_mb}, field="file")
    content_type = sniff(upload)
    if content_type is None:
        raise DomainError(
            _(
                "Only PDF, images (PNG, JPEG, GIF) and Office documents are accepted; this file's "
                "content is none of them."
            ),
            field="file",
        )
    attachment = Attachment(
        activity=activity,
        original_name=upload.name[:200],
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    attachment.file.save(upload.name, upload, save=False)
    attachment.save()
    log_action(
        "activities.attachment.added",
        actor=actor,
        obj=activity,
        data={"name": attachment.original_name, "type": content_type, "size": upload.size},
    )
    return attachment


def ensure_may_download(user, attachment: Attachment) -> None:
    from core.access import may

    if not may(user, attachment.activity, "view"):
        raise PermissionDenied
