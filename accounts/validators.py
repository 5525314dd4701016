"""Password rules of 等保2.0 beyond Django's own validators (AUTH_PASSWORD_VALIDATORS in settings).

- CharacterClassesValidator: at least `min_classes` of lowercase, uppercase, digits and symbols;
- PasswordHistoryValidator: none of the user's last `remember` passwords again. Its `password_changed`,
  which Django calls whenever a user saved with a new password (every set_password path: our services,
  Django's change and reset forms, the admin, createsuperuser), records the new hash in PasswordHistory
  and revokes the user's API tokens.
"""

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def _classes(password: str) -> int:
    return sum(
        (
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )


class CharacterClassesValidator:
    """At least `min_classes` of: lowercase letters, uppercase letters, digits, other characters."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        if _classes(password) < self.min_classes:
            raise ValidationError(self._message(), code="password_too_few_classes")

    def _message(self) -> str:
        return ngettext(
            "The password must contain characters of at least %(n)d kind among lowercase letters, "
            "uppercase letters, digits and symbols.",
            "The password must contain characters of at least %(n)d kinds among lowercase letters, "
            "uppercase letters, digits and symbols.",
            self.min_classes,
        ) % {"n": self.min_classes}

    def get_help_text(self) -> str:
        return self._message()


class PasswordHistoryValidator:
    """None of the user's last `remember` passwords (their hashes are kept in PasswordHistory)."""

    def __init__(self, remember: int = 5):
        self.remember = remember

    def _recent(self, user):
        from .models import PasswordHistory

        return PasswordHistory.objects.filter(user=user).order_by("-created", "-id")[: self.remember]

    def validate(self, password: str, user=None) -> None:
        if user is None or user.pk is None:
            return
        hashes = [row.password for row in self._recent(user)]
        if user.password and user.has_usable_password():
            hashes.append(user.password)  # the current one, should its history row predate this validator
        if any(check_password(password, encoded) for encoded in hashes):
            raise ValidationError(self._message(), code="password_reused")

    def password_changed(self, password: str, user=None) -> None:
        from .models import PasswordHistory
        from .tokens import revoke_all

        if user is None or user.pk is None:
            return
        revoke_all(user=user, actor=None, reason="password_changed")  # a leaked token dies with the password
        if not user.has_usable_password():
            return
        PasswordHistory.objects.create(user=user, password=user.password)
        keep = list(self._recent(user).values_list("pk", flat=True))
        PasswordHistory.objects.filter(user=user).exclude(pk__in=keep).delete()

    def _message(self) -> str:
        return ngettext(
            "This password was used recently: choose one that differs from your last password.",
            "This password was used recently: choose one that differs from your last %(n)d passwords.",
            self.remember,
        ) % {"n": self.remember}

    def get_help_text(self) -> str:
        return _("Your password cannot be one of your last %(n)d passwords.") % {"n": self.remember}
