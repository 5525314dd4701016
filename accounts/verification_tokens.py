"""The signed token of an e-mail verification link: the user's id and the address it was sent to, so it
verifies that address and no other (after a change of address an old link fails)."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "accounts.email-verification"


def make_token(user, email: str | None = None) -> str:
    """The token for `email` (by default the account's address; a new address waiting to be verified)."""
    return signing.dumps({"u": user.pk, "e": email or user.email}, salt=SALT, compress=True)


def read_token(token: str) -> dict:
    """The token's data; signing.SignatureExpired or signing.BadSignature when it is not good."""
    return signing.loads(token, salt=SALT, max_age=settings.EMAIL_VERIFICATION_MAX_AGE)


def verification_url(user, email: str | None = None) -> str:
    return settings.PORTAL_BASE_URL + reverse("verify_email", args=[make_token(user, email)])
