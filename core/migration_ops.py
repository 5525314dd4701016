"""Migration operations that exist only on PostgreSQL, so the SQLite file of embedded mode (`make run`)
still migrates: there they do nothing.

`TrigramIndex` is the index behind a list's `icontains` search. Django's PostgreSQL backend writes
`name__icontains=q` as `UPPER("name"::text) LIKE UPPER('%q%')`, so the index is a GIN index with
`gin_trgm_ops` over that very expression — an index on the bare column would never be used. It is built
CONCURRENTLY (the migration is `atomic = False`), so adding it to a table of millions of rows does not
lock the table against writes. The index is not part of Django's model state (a GinIndex in Meta.indexes
would be rebuilt by SQLite's table remake, which knows no GIN): `\\d table` shows it, the model's Meta
names it in a comment."""

from django.db.migrations.operations.base import Operation


class TrigramIndex(Operation):
    reversible = True
    reduces_to_sql = True

    def __init__(self, table: str, column: str, name: str):
        self.table, self.column, self.name = table, column, name

    def deconstruct(self):
        kwargs = {"table": self.table, "column": self.column, "name": self.name}
        return (self.__class__.__qualname__, [], kwargs)

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        q = schema_editor.quote_name
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {q(self.name)} ON {q(self.table)} "
            f"USING gin (UPPER({q(self.column)}::text) gin_trgm_ops)"
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {schema_editor.quote_name(self.name)}")

    def describe(self):
        return f"Trigram index {self.name} on UPPER({self.table}.{self.column}) (PostgreSQL only)"
