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
from core.history import attribute_change
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


def request_email_change(*, actor, user, email: str) -> None:
    """A new address for the account (from the member's profile): kept as `pending_email` and the link
    mailed to it (after commit); the old address stays in use until the link is opened. Audited."""
    email = (email or "").strip()
    if not email:
        raise DomainError(_("Give the new e-mail address."), field="email")
    user.pending_email = email
    user.save(update_fields=["pending_email"])
    log_action(
        "accounts.user.email_change_requested",
        actor=actor,
        obj=user,
        data={"email": user.email, "new_email": email},
    )
    enqueue_on_commit(tasks.send_email_change_verification, user.pk)


def _apply_email_change(user) -> None:
    """The link to the pending address was opened: it becomes the account's (and the member profile's)."""
    from members.models import Person  # members depends on accounts, not the reverse, at import time

    old, new = user.email, user.pending_email
    user.email, user.pending_email = new, ""
    user.email_verification_required = False
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email", "pending_email", "email_verification_required", "email_verified_at"])
    for person in Person.objects.select_for_update().filter(user=user):
        person.email = new
        attribute_change(person, actor=user, reason="email-verified")
        person.save(update_fields=["email"])
    log_action("accounts.user.email_changed", actor=user, obj=user, data={"old": old, "new": new})


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
        if user is not None and user.pending_email and user.pending_email == data.get("e"):
            _apply_email_change(user)
            return user
        if user is None or user.email != data.get("e"):
            raise DomainError(_("This verification link is not valid."), field="token")
        if user.email_verification_required or user.email_verified_at is None:
            user.email_verification_required = False
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verification_required", "email_verified_at"])
            log_action("accounts.user.email_verified", actor=user, obj=user, data={"email": user.email})
    return user
