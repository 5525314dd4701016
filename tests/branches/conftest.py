from datetime import date

import pytest

from branches import services
from tests.factories import BranchFactory, good_resolution


@pytest.fixture
def proposal(secretary_a, society_a):
    """A proposed branch of society A with a valid resolution."""

    def make(name="物理化学专业委员会", **resolution):
        return services.propose_branch(
            actor=secretary_a,
            society=society_a,
            data={"name": name, "kind": "branch", "business_scope": ["15020"]},
            resolution=good_resolution(**resolution),
        )

    return make


@pytest.fixture
def old_branch(society_a):
    """An active branch established long ago (a candidate for long inactivity)."""

    def make(name, **kw):
        kw.setdefault("established_on", date(2015, 1, 1))
        return BranchFactory(society=society_a, name=name, **kw)

    return make
