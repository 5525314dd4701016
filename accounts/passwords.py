"""When a password was last changed and whether it has outlived PASSWORD_MAX_AGE_DAYS."""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from .models import PasswordHistory, User


def changed_at(user: User) -> datetime:
    """The newest PasswordHistory row's time; for an account older than the history, when it joined."""
    latest = PasswordHistory.objects.filter(user=user).order_by("-created").values_list("created", flat=True)
    return latest.first() or user.date_joined


def is_expired(user: User) -> bool:
    days = settings.PASSWORD_MAX_AGE_DAYS
    if not days or not user.has_usable_password():
        return False
    return timezone.now() - changed_at(user) > timedelta(days=days)
