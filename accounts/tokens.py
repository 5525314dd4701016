"""API tokens: issued on each login through the API, stored as hashes, expiring, revocable by their owner.

The key is shown once, when issued (POST api/v1/auth/token/ → {"token": key}); the portal keeps only its
SHA-256 (a key has 256 random bits, so a fast hash is enough: there is nothing to guess). Revoking sets
`revoked_at` — the row stays, so the owner's list shows what ended when. A password change revokes every
token of the user (accounts.validators.PasswordHistoryValidator.password_changed calls revoke_all), and so
do enrolling and removing a second factor (accounts.two_factor).
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_action
from core.errors import DomainError

from .models import ApiToken, User

# last_used is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def issue_token(*, user: User, channel: str = "api") -> tuple[ApiToken, str]:
    """A new token for `user`: (its row, the key to hand over once)."""
    key = secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        prefix=key[:8],
        key_hash=hash_key(key),
        created=now,
        expires=now + timedelta(days=settings.API_TOKEN_TTL_DAYS),
    )
    log_action(
        "accounts.token.issued",
        actor=user,
        obj=user,
        data={"prefix": token.prefix, "expires": token.expires.isoformat(), "channel": channel},
    )
    return token, key


def user_for_key(key: str) -> tuple[User, ApiToken] | None:
    """The active user and token a key belongs to, or None (unknown, revoked, expired, or user inactive)."""
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_key(key), revoked_at__isnull=True, expires__gt=now)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.last_used is None or now - token.last_used > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        token.last_used = now
    return token.user, token


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created", "-id")


def revoke_token(*, actor: User, token_id: int) -> ApiToken:
    """The owner revokes one of their tokens. Another user's token does not exist for them."""
    token = ApiToken.objects.filter(pk=token_id, user=actor).first()
    if token is None:
        raise ApiToken.DoesNotExist
    if token.revoked_at is not None:
        raise DomainError(_("This token is already revoked."), field="token")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    log_action("accounts.token.revoked", actor=actor, obj=actor, data={"prefix": token.prefix})
    return token


def revoke_all(*, user: User, actor: User | None, reason: str) -> int:
    """End every live token of `user` (`reason`: "owner", "password_changed", "two_factor_enrolled" or
    "two_factor_removed")."""
    count = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if count:
        log_action(
            "accounts.token.revoked_all", actor=actor, obj=user, data={"count": count, "reason": reason}
        )
    return count
