"""Uploaded documents are recognised by their content (magic bytes), never by their name, and bounded by
the size limit of the rule settings. Every upload in the portal (filing attachments, branch resolutions,
credit-record sources) goes through `check_document`."""

import contextlib
import os
import secrets
import zipfile
from datetime import timedelta

from django.core import signing
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.text import get_valid_filename
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


# --- uploads that survive a validation error (issue 16) --------------------------------------------
# A form refused for another field must not drop the file the user chose: the file is kept in a
# temporary store (default storage, under HELD_DIR) and the page carries a signed token naming it
# (`<field>__held`), bound to the user and valid for HELD_MAX_AGE. On the next POST without a new file,
# the held one is attached again as if uploaded; a new file replaces it.

HELD_DIR = "held-uploads"
HELD_MAX_AGE = 24 * 3600  # seconds
HELD_SALT = "core.uploads.held"


def held_field(name: str) -> str:
    """The POST field carrying the token of `name`'s held upload."""
    return f"{name}__held"


def hold_upload(upload, *, user) -> str:
    """Keep `upload` in the temporary store; the signed token that brings it back (same user only)."""
    safe = get_valid_filename(os.path.basename(upload.name or "upload")) or "upload"
    upload.seek(0)
    path = default_storage.save(f"{HELD_DIR}/{secrets.token_hex(16)}/{safe}", upload)
    upload.seek(0)
    return signing.dumps({"path": path, "name": upload.name, "user": user.pk}, salt=HELD_SALT)


def held_upload(token: str, *, user) -> UploadedFile | None:
    """The upload a token names, as an uploaded file; None for a bad, foreign or expired token or a
    file no longer there."""
    try:
        data = signing.loads(token or "", salt=HELD_SALT, max_age=HELD_MAX_AGE)
    except signing.BadSignature:
        return None
    path = data.get("path", "")
    if data.get("user") != user.pk or not path.startswith(f"{HELD_DIR}/") or not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as fh:
        content = fh.read()
    return SimpleUploadedFile(data.get("name") or os.path.basename(path), content)


def files_with_held(request, names) -> MultiValueDict:
    """request.FILES, with each field of `names` that got no new file filled from its held token(s)
    (a field taking several files carries one token per file)."""
    files = request.FILES.copy()
    for name in names:
        if files.getlist(name):
            continue
        tokens = request.POST.getlist(held_field(name))
        uploads = [u for token in tokens if (u := held_upload(token, user=request.user)) is not None]
        if uploads:
            files.setlist(name, uploads)
    return files


def keep_uploads(form, *, user) -> dict[str, dict]:
    """For a form shown again after an error: {field name: {"token", "name", "input", "items"}} of each
    file it received whose own field has no error, held so the page can re-attach it ("已上传：决议.pdf").
    A field taking several files has one {"token", "name"} per file in "items" (the last one is also
    the entry's own token and name, as for a single file)."""
    held: dict[str, dict] = {}
    if not form.is_bound:
        return held
    for name in form.fields:
        key = form.add_prefix(name)
        received = form.files.getlist(key) if hasattr(form.files, "getlist") else [form.files.get(key)]
        uploads = [u for u in received if u and hasattr(u, "read")]
        if not uploads or form.errors.get(name):
            continue
        items = [
            {"token": hold_upload(u, user=user), "name": os.path.basename(u.name or "")} for u in uploads
        ]
        held[name] = {**items[-1], "input": held_field(key), "items": items}
    form.held = held  # core/partials/form.html shows "已上传：…" under the field and carries the token
    return held


def purge_held_uploads(*, older_than: int = HELD_MAX_AGE, now=None) -> int:
    """Remove the held uploads older than `older_than` seconds (by default the tokens' own lifetime, so
    no live token loses its file): each was either used — copied to its record — or abandoned. Returns
    how many files went; their emptied folders go too. Called by the periodic task core.purge_held_uploads."""
    cutoff = (now or timezone.now()) - timedelta(seconds=older_than)
    removed = 0
    try:
        folders, _files = default_storage.listdir(HELD_DIR)
    except FileNotFoundError:
        return 0
    for folder in folders:
        base = f"{HELD_DIR}/{folder}"
        subfolders, names = default_storage.listdir(base)
        left = len(names)
        for name in names:
            path = f"{base}/{name}"
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                removed += 1
                left -= 1
        if not left and not subfolders:
            with contextlib.suppress(OSError, NotImplementedError):
                default_storage.delete(base)  # the folder (file-system storage; object stores have none)
    return removed
