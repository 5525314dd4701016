"""State changes of a society. Each is one function, used by the web view and the API alike."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from core.errors import DomainError

from .models import Society
from .permissions import can_change_status


def change_society_status(*, actor, society: Society, action: str, comment: str = "") -> Society:
    """Suspend, reinstate or deregister a society (CAST only); a reason is required."""
    if not can_change_status(actor):
        raise PermissionDenied(_("Only CAST administrators change a society's status."))
    if not comment.strip():
        raise DomainError(_("Give the reason for this status change."), field="comment")
    return Society.workflow.apply(society, action, actor=actor, comment=comment)
