"""Is this person under an active academic sanction on a given day? (R-ETH-02)

Awards (nominations), talent recommendation and elections (council candidacy) ask this one
question before they accept a person.
"""

from datetime import date

from django.utils import timezone

from .models import CreditRecord


def active_sanctions(person, on: date | None = None):
    return CreditRecord.objects.filter(person=person).sanctions_in_force(on or timezone.localdate())


def active_sanction(person, on: date | None = None) -> CreditRecord | None:
    return active_sanctions(person, on).order_by("-starts_on").first()


def is_under_sanction(person, on: date | None = None) -> bool:
    return active_sanctions(person, on).exists()
