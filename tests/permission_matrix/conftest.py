import pytest

from .world import World


@pytest.fixture
def world(
    society_a,
    society_b,
    branch_x,
    member,
    branch_officer_x,
    secretary_a,
    reviewer_a,
    secretary_b,
    regulator,
    cast_admin,
):
    """Fresh fixture objects of society A for one route; the personas of tests/conftest.py."""
    users = {
        "member": member,
        "branch_officer_x": branch_officer_x,
        "secretary_a": secretary_a,
        "reviewer_a": reviewer_a,
        "secretary_b": secretary_b,
        "regulator": regulator,
        "cast_admin": cast_admin,
    }
    built = World(society_a=society_a, society_b=society_b, branch_x=branch_x, users=users)
    yield built
    built.delete_files()
