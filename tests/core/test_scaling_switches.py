"""The one-machine defaults and the switches of docs/scaling.md that can be checked in-process: the read
replica router, and role reach computed once per request."""

from unittest import mock

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.db_router import REPLICA, ReplicaRouter, read_database, replica_reads
from core.roles import reach_of
from members.models import Membership
from tests.factories import UserFactory


def test_without_a_replica_everything_reads_the_primary():
    assert REPLICA not in settings.DATABASES
    with replica_reads() as alias:
        assert alias == "default" == read_database()
        assert ReplicaRouter().db_for_read(Membership) == "default"


def test_with_a_replica_only_reads_inside_replica_reads_go_to_it():
    replica = {**settings.DATABASES["default"], "NAME": "replica_not_connected"}
    with mock.patch.dict(settings.DATABASES, {REPLICA: replica}):
        router = ReplicaRouter()
        assert router.db_for_read(Membership) == "default"
        with replica_reads() as alias:
            assert alias == REPLICA
            assert router.db_for_read(Membership) == REPLICA
            assert router.db_for_write(Membership) == "default"  # writes never go to the replica
        assert router.db_for_read(Membership) == "default"
        assert router.allow_migrate("default", "members") and not router.allow_migrate(REPLICA, "members")


@pytest.mark.django_db
def test_reach_is_computed_once_per_request_user():
    user = UserFactory()
    with CaptureQueriesContext(connection) as first:
        reach_of(user)
    with CaptureQueriesContext(connection) as again:
        for _ in range(5):
            reach_of(user)
    assert len(first.captured_queries) >= 1 and len(again.captured_queries) == 0


@pytest.mark.django_db
def test_a_societys_own_directory_is_not_widened_by_owner_paths(secretary_a, society_a, society_b):
    """restrict(…, society=) for a secretary of that society adds no OR of `person.user = me`: the same
    rows, and a COUNT that needs no join to people (issue 15, h15data's full-scale figures)."""
    from core.access import VIEW, restrict
    from tests.factories import MembershipFactory

    MembershipFactory.create_batch(3, society=society_a)
    MembershipFactory(society=society_b)
    base = Membership.objects.filter(society=society_a)
    hinted = restrict(base, secretary_a, VIEW, society=society_a)
    assert set(hinted) == set(restrict(base, secretary_a, VIEW)) and hinted.count() == 3
    assert "members_person" not in str(hinted.order_by().query)
    # the hint never widens: another society's secretary still gets nothing of A
    other = restrict(base, secretary_a, VIEW, society=society_b)
    assert other.count() == 3  # A's rows: secretary_a reaches A through the society path anyway
    b_rows = Membership.objects.filter(society=society_b)
    assert restrict(b_rows, secretary_a, VIEW, society=society_b).count() == 0
