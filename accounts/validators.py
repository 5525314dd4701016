"""Password rules of 等保2.0 beyond Django's own validators (AUTH_PASSWORD_VALIDATORS in settings).

- CharacterClassesValidator: at least `min_classes` of lowercase, uppercase, digits and symbols;
- PasswordHistoryValidator: none of the user's last `remember` passwords again. Its `password_changed`,
  which Django calls whenever a user saved with a new password (every set_password path: our services,
  Django's change and reset forms, the admin, createsuperuser), records the new hash in PasswordHistory
  and revokes the user's API tokens.
"""

import string

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# The four classes are ASCII: str.isdigit()/isalnum() would take '²', '١' or '５' for a digit and 'é' or
# '中' for a letter, so a password of symbols and such characters would pass as "letters and digits".
# Anything outside the three ASCII classes (CJK, accented letters, Unicode digits, punctuation) counts
# as "other" (a symbol).
_LOWER = frozenset(string.ascii_lowercase)
_UPPER = frozenset(string.ascii_uppercase)
_DIGITS = frozenset(string.digits)
_LETTERS_AND_DIGITS = _LOWER | _UPPER | _DIGITS


def _classes(password: str) -> int:
    chars = set(password)
    return sum(
        (
            bool(chars & _LOWER),
            bool(chars & _UPPER),
            bool(chars & _DIGITS),
            bool(chars - _LETTERS_AND_DIGITS),
        )
    )


class CharacterClassesValidator:
    """At least `min_classes` of: ASCII lowercase letters, ASCII uppercase letters, ASCII digits 0-9, other
    characters (symbols, and every non-ASCII character)."""

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
