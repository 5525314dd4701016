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
