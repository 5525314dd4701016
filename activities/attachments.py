"""Attachments of a filing: PDF, images and Office documents only, checked by content (core.uploads),
stored under MEDIA_ROOT (never under the web root) and served only to users who may see the filing."""

from django.db import transaction

from core.audit import log_action
from core.uploads import check_document

from .models import Activity, Attachment
from .services import _require_filer


@transaction.atomic
def add_attachment(*, actor, activity: Activity, upload) -> Attachment:
    """Attach while the filing is a draft or returned: what was submitted stays as it was."""
    _require_filer(actor, activity)
    Activity.workflow.require_editable(activity, actor)
    content_type = check_document(upload, field="file")
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
