"""Reads of reports and exports go to a PostgreSQL read replica when one is configured.

`DATABASE_REPLICA_URL` (settings) adds a `replica` database and this router. Only code that runs inside
`replica_reads()` reads from it — a report's data, a member export's rows: long sequential reads that then
leave the primary to the users' requests. Everything else, and every write, uses `default`; so does a
read inside `replica_reads()` when no replica is configured. A replica lags the primary by a moment:
the job rows themselves (status, progress) are always read and written on `default`, outside the block.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_replica_reads: ContextVar[bool] = ContextVar("portal_replica_reads", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def read_database() -> str:
    """The alias reads go to just now."""
    return REPLICA if _replica_reads.get() and replica_configured() else "default"


@contextmanager
def replica_reads() -> Iterator[str]:
    """Within the block, ORM reads go to the replica (when there is one); yields the alias used."""
    token = _replica_reads.set(True)
    try:
        yield read_database()
    finally:
        _replica_reads.reset(token)


class ReplicaRouter:
    """settings.DATABASE_ROUTERS when a replica is configured."""

    def db_for_read(self, model, **hints):
        return read_database()

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
