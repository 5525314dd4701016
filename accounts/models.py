"""Portal users. Roles are not stored here: see core.roles for where they live."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.validators import PortalUsernameValidator


class User(AbstractUser):
    """A person who signs in: CAST staff, a regulator liaison, a society's office staff, a Party
    reviewer, a branch officer or a member. `name` is the full name as written in Chinese."""

    # AbstractUser's field with the portal's validator: no invisible, bidi-control or emoji characters.
    username_validator = PortalUsernameValidator()
    username = models.CharField(
        _("username"),
        max_length=150,
        unique=True,
        help_text=_("Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only."),
        validators=[username_validator],
        error_messages={"unique": _("A user with that username already exists.")},
    )
    name = models.CharField(_("full name"), max_length=100, blank=True)
    # A visitor who registered themself verifies their address before they may apply to a society
    # (accounts.email_verification); accounts CAST creates, and those from before, need no verification.
    email_verification_required = models.BooleanField(_("e-mail verification required"), default=False)
    email_verified_at = models.DateTimeField(_("e-mail verified"), null=True, blank=True)
    # A new address given on the profile: mail keeps going to `email` until the link sent to this one is
    # opened (accounts.email_verification.request_email_change).
    pending_email = models.EmailField(_("new e-mail address (awaiting verification)"), blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=[("zh-hans", "简体中文"), ("en", "English")],
        default="zh-hans",
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.name or self.username

    def get_full_name(self):
        return self.name or super().get_full_name() or self.username


class PasswordHistory(models.Model):
    """One of a user's recent passwords, as its hash (accounts.validators.PasswordHistoryValidator): none of
    the last five may be chosen again, and the newest row's time is when the password was last changed
    (PASSWORD_MAX_AGE_DAYS)."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="password_history"
    )
    password = models.CharField(_("password hash"), max_length=128)
    created = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("previous password")
        verbose_name_plural = _("password history")
        indexes = [models.Index(fields=["user", "-created"], name="password_history_user_idx")]

    def __str__(self):
        return f"{self.user} {self.created:%Y-%m-%d}"


class ApiToken(models.Model):
    """A key another system sends as `Authorization: Token <key>`. Only the key's SHA-256 is stored; its first
    characters (`prefix`) let the owner tell their tokens apart. A token is issued on every login through the
    API, is valid until `expires` (API_TOKEN_TTL_DAYS), and ends early when its owner revokes it or changes
    their password (accounts.tokens)."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    prefix = models.CharField(_("prefix"), max_length=8)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    created = models.DateTimeField(_("created"), default=timezone.now)
    expires = models.DateTimeField(_("expires"))
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["user", "-created"], name="api_token_user_idx")]

    def __str__(self):
        return f"{self.prefix}…"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires > timezone.now()


class RecoveryCode(models.Model):
    """One of a user's one-time recovery codes (a second factor when the phone is lost), stored as a salted
    PBKDF2 hash only (accounts.recovery): the codes are shown once, when made, and a copy of the database
    reveals none of them. They belong to the user's django-otp StaticDevice, which keeps its throttling and
    is what a verified session records; the device's own plain-text StaticToken rows are no longer used."""

    device = models.ForeignKey(
        "otp_static.StaticDevice",
        verbose_name=_("device"),
        on_delete=models.CASCADE,
        related_name="recovery_codes",
    )
    code_hash = models.CharField(_("code hash"), max_length=128)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")

    def __str__(self):
        return f"{self.device_id}: ••••••••"
