"""Validators every input path shares (web forms, API serializers, services): one rule, one message each.

- `plausible_date`: a date a person types is between 1900-01-01 and 2100-12-31;
- `no_nul`: text holds no NUL character (PostgreSQL cannot store one);
- `ascii_digits`: a number is written in the digits 0-9 (`²` or `١٢` are not numbers here);
- `validate_username`: Django's UnicodeUsernameValidator, and no invisible, direction-changing or emoji
  characters (a zero-width space, a right-to-left override, 😀) that make two names look alike.

Text limits (`text_limit(name)`): TEXT_MAX_LENGTH for text without a limit of its own, NARRATIVE_MAX_LENGTH
for the narrative fields (summaries, statements, descriptions). INT_MAX: the largest integer column value."""

import datetime
import unicodedata

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

DATE_MIN = datetime.date(1900, 1, 1)
DATE_MAX = datetime.date(2100, 12, 31)
TEXT_MAX_LENGTH = 10_000
NARRATIVE_MAX_LENGTH = 100_000
# Narrative fields (a summary, a statement, a description …) may be long; other text is a comment or a name.
NARRATIVE_FIELDS = frozenset(
    {
        "summary",
        "statement",
        "description",
        "purpose",
        "duties",
        "business_scope_text",
        "rectification",
        "opinion",
    }
)
INT_MAX = 2_147_483_647  # PostgreSQL integer
MONEY_MAX_DIGITS = 14  # the money columns: numeric(14, 2)


def plausible_date(value: datetime.date) -> None:
    day = value.date() if isinstance(value, datetime.datetime) else value
    if isinstance(day, datetime.date) and not DATE_MIN <= day <= DATE_MAX:
        raise ValidationError(
            _("Enter a date between %(min)s and %(max)s."),
            code="date_range",
            params={"min": DATE_MIN.isoformat(), "max": DATE_MAX.isoformat()},
        )


def text_limit(name: str | None) -> int:
    """The most characters a text input without a `max_length` of its own takes."""
    return NARRATIVE_MAX_LENGTH if name in NARRATIVE_FIELDS else TEXT_MAX_LENGTH


def no_nul(value) -> None:
    if isinstance(value, str) and "\x00" in value:
        raise ValidationError(_("NUL characters are not allowed."), code="null_characters_not_allowed")


def has_non_ascii_digit(value) -> bool:
    return isinstance(value, str) and any(c.isdigit() and not c.isascii() for c in value)


def ascii_digits(value) -> None:
    if has_non_ascii_digit(value):
        raise ValidationError(_("Write numbers with the digits 0-9."), code="non_ascii_digits")


# Format (zero-width, bidi controls), control, private-use, unassigned and surrogate characters, and symbols
# (emoji): none belongs in a name that others must be able to read and tell apart.
_REFUSED_CATEGORIES = {"Cf", "Cc", "Co", "Cn", "Cs", "So", "Sk", "Mn", "Me"}


@deconstructible
class PortalUsernameValidator(UnicodeUsernameValidator):
    """Letters (Chinese included), digits and @ . + - _; nothing invisible, direction-changing or emoji."""

    def __call__(self, value):
        if any(unicodedata.category(c) in _REFUSED_CATEGORIES for c in str(value)):
            raise ValidationError(
                _("A username cannot contain invisible, direction-changing or emoji characters."),
                code="invalid",
            )
        super().__call__(value)


validate_username = PortalUsernameValidator()
