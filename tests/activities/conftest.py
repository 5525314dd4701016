from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from activities import services


def filing_data(**overrides):
    start = timezone.localdate() + timedelta(days=30)
    data = {
        "title": "有机合成前沿研讨会",
        "kind": "seminar",
        "role": "host",
        "duties": "主办：学术委员会负责议程与评审",
        "starts_on": start,
        "ends_on": start + timedelta(days=1),
        "location": "北京",
        "scope_codes": ["15020"],
        "participants": 120,
        "budget": Decimal("80000.00"),
    }
    data.update(overrides)
    return data


@pytest.fixture
def make_filing(secretary_a, society_a):
    def _make(**overrides):
        return services.create_filing(actor=secretary_a, society=society_a, data=filing_data(**overrides))

    return _make
