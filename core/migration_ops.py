"""Migration operations that exist only on PostgreSQL, so the SQLite file of embedded mode (`make run`)
still migrates: there they do nothing.

`TrigramIndex` is the index behind a list's `icontains` search. Django's PostgreSQL backend writes
`name__icontains=q` as `UPPER("name"::text) LIKE UPPER('%q%')`, so the index is a GIN index with
`gin_trgm_ops` over that very expression — an index on the bare column would never be used. It is built
CONCURRENTLY (the migration is `atomic = False`), so adding it to a table of millions of rows does not
lock the table against writes. The index is not part of Django's model state (a GinIndex in Meta.indexes
would be rebuilt by SQLite's table remake, which knows no GIN): `\\d table` shows it, the model's Meta
names it in a comment."""

from django.db.migrations.operations import AddIndex
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


# The two-character pairs of a text, for `BigramIndex`. IMMUTABLE (it depends on its argument only), so
# PostgreSQL accepts it in an index expression; "张伟明" → {张伟, 伟明}.
BIGRAMS_FUNCTION = """
CREATE OR REPLACE FUNCTION portal_bigrams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT coalesce(array_agg(DISTINCT substr(t, i, 2)), '{}') FROM generate_series(1, length(t) - 1) AS i
$$
"""


class BigramIndex(TrigramIndex):
    """The index behind a two-character search, which a trigram index cannot serve (pg_trgm extracts no
    trigram from "%张伟%", so PostgreSQL would read every row; most Chinese names are two or three
    characters). A GIN index over `portal_bigrams(UPPER(column))`; a search for a two-character term asks
    `portal_bigrams(UPPER(column)) @> ARRAY[term]` (members.selectors.name_contains), which is exactly
    "contains the term". Built CONCURRENTLY; nothing on SQLite."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        q = schema_editor.quote_name
        schema_editor.execute(BIGRAMS_FUNCTION)
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {q(self.name)} ON {q(self.table)} "
            f"USING gin (portal_bigrams(UPPER({q(self.column)}::text)))"
        )

    def describe(self):
        return f"Bigram index {self.name} on UPPER({self.table}.{self.column}) (PostgreSQL only)"


class PrefixIndex(TrigramIndex):
    """The index behind `column__startswith=q` (`LIKE 'q%'`): a btree with `varchar_pattern_ops`, which
    PostgreSQL can use for a prefix match whatever the database's collation — a plain btree serves LIKE
    only under the C collation, and a database created with C.UTF-8 or zh_CN.UTF-8 would read every row
    of the society instead. `leading`: columns before it (the society the search is confined to).
    Built CONCURRENTLY; nothing on SQLite, whose LIKE needs no such index to be correct."""

    def __init__(self, table: str, column: str, name: str, leading: tuple[str, ...] = ()):
        super().__init__(table, column, name)
        self.leading = tuple(leading)

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return (name, args, {**kwargs, "leading": self.leading})

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        q = schema_editor.quote_name
        columns = ", ".join([*(q(c) for c in self.leading), f"{q(self.column)} varchar_pattern_ops"])
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {q(self.name)} ON {q(self.table)} ({columns})"
        )

    def describe(self):
        return f"Prefix index {self.name} on {self.table}.{self.column} (PostgreSQL only)"


class CollatedIndex(TrigramIndex):
    """A btree over `column COLLATE "C"` then `trailing` columns: read in order it answers
    `column COLLATE "C" LIKE 'q%' ORDER BY column COLLATE "C", …` from the first matching entry to the
    LIMIT, whatever the database's collation (members.selectors._names_beginning_with). Built
    CONCURRENTLY; nothing on SQLite."""

    def __init__(
        self,
        table: str,
        column: str,
        name: str,
        trailing: tuple[str, ...] = (),
        collated: tuple[str, ...] = (),
    ):
        super().__init__(table, column, name)
        self.trailing = tuple(trailing)
        self.collated = tuple(collated)  # the trailing columns that are C-collated too

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return (name, args, {**kwargs, "trailing": self.trailing, "collated": self.collated})

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        q = schema_editor.quote_name
        trailing = [f'{q(c)} COLLATE "C"' if c in self.collated else q(c) for c in self.trailing]
        columns = ", ".join([f'{q(self.column)} COLLATE "C"', *trailing])
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {q(self.name)} ON {q(self.table)} ({columns})"
        )

    def describe(self):
        return f"C-collated index {self.name} on {self.table}.{self.column} (PostgreSQL only)"


class AddIndexConcurrently(AddIndex):
    """Django's AddIndex, built CONCURRENTLY on PostgreSQL (no write lock on a table of millions of rows;
    the migration is `atomic = False`) and plainly elsewhere (django.contrib.postgres's own operation
    refuses SQLite, which embedded mode migrates)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.add_index(model, self.index, concurrently=True)
        else:
            schema_editor.add_index(model, self.index)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.remove_index(model, self.index, concurrently=True)
        else:
            schema_editor.remove_index(model, self.index)
