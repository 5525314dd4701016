import pytest

from activities import services

from ..factories import filing_data


@pytest.fixture
def make_filing(secretary_a, society_a):
    """`make_filing(**overrides)`: a draft filing of society A by its secretary (filing_data)."""

    def _make(**overrides):
        return services.create_filing(actor=secretary_a, society=society_a, data=filing_data(**overrides))

    return _make
