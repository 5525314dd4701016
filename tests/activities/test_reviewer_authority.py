"""Reviewing filings is CAST's decision, checked by the service itself (core.access.require, DECIDE)."""

import pytest
from django.core.exceptions import PermissionDenied

from activities import services as activities
from core.models import AuditEntry


@pytest.mark.django_db
def test_filing_review_is_casts_decision(make_filing, secretary_a, regulator):
    activity = activities.submit_filing(actor=secretary_a, activity=make_filing())
    for user in (secretary_a, regulator):
        with pytest.raises(PermissionDenied):
            activities.approve_filing(actor=user, activity=activity)
    activity.refresh_from_db()
    assert activity.status == "submitted"
    assert AuditEntry.objects.filter(actor=secretary_a, action="core.access.denied_decide").exists()
