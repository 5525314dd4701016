"""Identity document checks: GB 11643 mainland ID numbers carry a check digit; others have a shape."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .choices import IdType

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def mainland_id_check_char(first17: str) -> str:
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def validate_mainland_id(value: str) -> None:
    number = (value or "").strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise ValidationError(
            _("A resident identity card number has 17 digits and a check digit or X."), code="id_shape"
        )
    try:
        date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(
            _("The birth date inside this ID number is not a real date."), code="id_birth"
        ) from None
    if mainland_id_check_char(number[:17]) != number[17]:
        raise ValidationError(_("The check digit of this ID number is wrong (GB 11643)."), code="id_checksum")


def validate_id_number(id_type: str, value: str) -> None:
    """Raise ValidationError naming what is wrong with an identity document number of `id_type`."""
    number = (value or "").strip().upper()
    if id_type == IdType.MAINLAND_ID:
        validate_mainland_id(number)
    elif id_type == IdType.HMT_PERMIT:
        # Residence permits use 18-digit numbers (83/81/82 prefixes) with the ID check digit;
        # travel permits are a letter plus 8-10 digits.
        if re.fullmatch(r"8[123]\d{15}[\dX]", number):
            validate_mainland_id(number)
        elif not re.fullmatch(r"[A-Z]{1,2}\d{8,10}", number):
            raise ValidationError(_("Not a valid HK/Macao/Taiwan permit number."), code="permit_shape")
    elif id_type == IdType.PASSPORT and not re.fullmatch(r"[A-Z0-9]{5,20}", number):
        raise ValidationError(_("A passport number has 5 to 20 letters and digits."), code="passport_shape")
