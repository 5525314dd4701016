import pytest

from core.roles import Role

from ..factories import UserFactory


@pytest.fixture
def reviewer_b(society_b):
    return UserFactory(username="rev_b", roles=[{"role": Role.PARTY_REVIEWER, "society": society_b}])
