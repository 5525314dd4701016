"""Recovery codes, hashed at rest (issue 14: django-otp's StaticToken keeps them in plain text).

A user's ten one-time codes hang off their django-otp `StaticDevice` (so the device's throttling and
`django_otp.login` work as before) but live in `accounts.RecoveryCode` as salted PBKDF2 hashes made with
Django's own hasher. They are returned once, by `replace_codes`, for the page that shows them; after that
only `use_code` can tell whether a typed code is one of them, and it deletes the one that matched.

The hasher runs RECOVERY_CODE_ITERATIONS rounds, not the password hasher's million: a check may have to
try all ten hashes of the user (a code carries no hint of which row it is), and ten million rounds would
take seconds. A code is 40 random bits; at 20,000 rounds a stolen hash still costs some 2⁵⁴ SHA-256
evaluations to reverse, and online guessing is stopped by the device's throttling and by django-axes.
Codes are compared in `two_factor.normalize` form (lower case, no spaces), so `ABCD EFGH` matches.
"""

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from .models import RecoveryCode

RECOVERY_CODE_ITERATIONS = 20_000


class RecoveryCodeHasher(PBKDF2PasswordHasher):
    """Django's PBKDF2-SHA256 at RECOVERY_CODE_ITERATIONS rounds (the encoded value names its rounds, so
    verification does not depend on PASSWORD_HASHERS)."""

    iterations = RECOVERY_CODE_ITERATIONS


_hasher = RecoveryCodeHasher()


def hash_code(code: str) -> str:
    return _hasher.encode(code, _hasher.salt())


@transaction.atomic
def replace_codes(device: StaticDevice, codes: list[str]) -> None:
    """Make `codes` the device's only valid recovery codes (the old ones, hashed or plain, stop working)."""
    StaticToken.objects.filter(device=device).delete()
    RecoveryCode.objects.filter(device=device).delete()
    RecoveryCode.objects.bulk_create([RecoveryCode(device=device, code_hash=hash_code(c)) for c in codes])


def codes_left(device: StaticDevice | None) -> int:
    return RecoveryCode.objects.filter(device=device).count() if device is not None else 0


def use_code(device: StaticDevice, code: str) -> bool:
    """True, and the code is used up, when `code` is one of the device's codes; throttled like
    django-otp's own StaticDevice.verify_token (a failure doubles the wait before the next try). The caller
    holds the device row locked (select_for_update), so a code cannot be used twice concurrently."""
    allowed, _why = device.verify_is_allowed()
    if not allowed:
        return False
    for row in RecoveryCode.objects.filter(device=device).order_by("id"):
        if _hasher.verify(code, row.code_hash):
            row.delete()
            device.throttle_reset(commit=False)
            device.set_last_used_timestamp(commit=False)
            device.save()
            return True
    device.throttle_increment()
    return False
