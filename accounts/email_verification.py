"""E-mail verification of a self-registered account: a signed, expiring link mailed to the address.

The token signs the user's id together with the address it was sent to, so it verifies that address and
no other: after a change of address an old link fails. Until verified, the account is limited — its owner
signs in, keeps their profile and reads the society directory, but may not apply to a society
(members.services.joining). Verifying is idempotent and audited; the link can be sent again.
"""

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_action
from core.errors import DomainError
from core.mail import enqueue_on_commit

from . import tasks
from .verification_tokens import read_token


def needs_verification(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.email_verification_required)


def send_verification(*, actor, user) -> None:
    """Queue the mail with the verification link (after commit); audited."""
    if not user.email:
        raise DomainError(_("The account has no e-mail address to verify."), field="email")
    log_action("accounts.user.verification_sent", actor=actor, obj=user, data={"email": user.email})
    enqueue_on_commit(tasks.send_email_verification, user.pk)


def verify_email(*, token: str):
    """Check the link's token and mark the address verified. Returns the user. A bad, forged or
    expired token is a DomainError naming the token."""
    try:
        data = read_token(token)
    except signing.SignatureExpired:
        raise DomainError(
            _("This verification link has expired. Ask for a new one."), field="token"
        ) from None
    except signing.BadSignature:
        raise DomainError(_("This verification link is not valid."), field="token") from None
    user_model = get_user_model()
    with transaction.atomic():
        user = user_model.objects.select_for_update().filter(pk=data.get("u")).first()
        if user is None or user.email != data.get("e"):
            raise DomainError(_("This verification link is not valid."), field="token")
        if user.email_verification_required or user.email_verified_at is None:
            user.email_verification_required = False
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verification_required", "email_verified_at"])
            log_action("accounts.user.email_verified", actor=user, obj=user, data={"email": user.email})
    return user
