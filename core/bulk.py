"""Writing many rows at once, with their history: PostgreSQL COPY where the database is PostgreSQL,
django-simple-history's bulk_create_with_history elsewhere (the embedded SQLite of `make run`).

Why COPY: a member import writes four rows per line of the file (the person, the membership and a history
row of each). Through the ORM's bulk_create, 100,000 lines cost ~70 s, most of it in Django preparing
each value of each row (Field.get_db_prep_save) and building one huge INSERT; COPY takes the same rows as
tab-separated text in a fraction of that (bench/members_io.py measures it). The rows are converted here
by the field's type, once per column, which covers the field types the bulk-written models use; a model
with another type is written through the ORM instead, so nothing is silently mis-encoded.

Primary keys are reserved from the table's own sequence first (one query), so the caller gets objects
with their pk set, as bulk_create on PostgreSQL does.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from django.db import connections, models, router
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
NULL = "\\N"


def _text(value: Any) -> str:
    if value is None:
        return NULL
    return str(value).translate(_ESCAPES)


def _date(value: Any) -> str:
    return NULL if value is None else value.isoformat()


def _datetime(value: Any) -> str:
    if value is None:
        return NULL
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value.isoformat()


def _bool(value: Any) -> str:
    return NULL if value is None else ("t" if value else "f")


def _json(value: Any) -> str:
    return NULL if value is None else json.dumps(value, ensure_ascii=False).translate(_ESCAPES)


def _number(value: Any) -> str:
    return NULL if value is None else str(int(value) if not isinstance(value, Decimal) else value)


def _decimal(value: Any) -> str:
    return NULL if value is None else str(Decimal(value))


_CONVERTERS: dict[type[models.Field], Callable[[Any], str]] = {
    models.DateTimeField: _datetime,  # before DateField: DateTimeField is one
    models.DateField: _date,
    models.BooleanField: _bool,
    models.JSONField: _json,
    models.DecimalField: _decimal,
    models.ForeignKey: _number,
    models.AutoField: _number,
    models.BigAutoField: _number,
    models.IntegerField: _number,
    models.CharField: _text,
    models.TextField: _text,
}


def _converter(field: models.Field) -> Callable[[Any], str] | None:
    for kind, convert in _CONVERTERS.items():
        if isinstance(field, kind):
            return convert
    return None


def _copy(connection, table: str, columns: Sequence[str], lines: list[str]) -> None:
    if not lines:
        return
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    buffer = io.StringIO("".join(lines))
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg2's own cursor: Django's wrapper has no copy_expert
        while hasattr(raw, "cursor") and not hasattr(raw, "copy_expert"):
            raw = raw.cursor
        raw.copy_expert(f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN", buffer)


def _plan(model: type[models.Model], skip: frozenset[str] = frozenset()):
    """[(column, attname, converter)] of the model's concrete fields, or None when one has no converter."""
    plan = []
    for field in model._meta.concrete_fields:
        if field.attname in skip:
            continue
        convert = _converter(field)
        if convert is None:
            return None
        plan.append((field.column, field.attname, convert))
    return plan


def _reserve_ids(connection, model: type[models.Model], n: int) -> list[int]:
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, column, n]
        )
        return [row[0] for row in cursor.fetchall()]


def copy_with_history(
    objs: list[models.Model], model: type[models.Model], *, actor=None, reason: str = ""
) -> list[models.Model]:
    """Insert `objs` (unsaved instances of `model`, pk unset) and one "+" history row each, recorded as
    made by `actor` for `reason`; returns `objs` with their pk set. Call inside a transaction."""
    if not objs:
        return objs
    db = router.db_for_write(model)
    connection = connections[db]
    history_model = model.history.model  # type: ignore[attr-defined]
    plan = _plan(model)
    history_plan = _plan(history_model, skip=frozenset({"history_id"}))
    if connection.vendor != "postgresql" or plan is None or history_plan is None:
        return bulk_create_with_history(
            objs, model, batch_size=1000, default_user=actor, default_change_reason=reason
        )
    for obj, pk in zip(objs, _reserve_ids(connection, model, len(objs)), strict=True):
        obj.pk = pk
    _copy(
        connection,
        model._meta.db_table,
        [c for c, _a, _f in plan],
        ["\t".join(convert(getattr(o, attname)) for _c, attname, convert in plan) + "\n" for o in objs],
    )
    now = timezone.now()
    extra = {
        "history_date": now,
        "history_change_reason": reason,
        "history_type": "+",
        "history_user_id": getattr(actor, "pk", None),
    }
    history_lines = []
    for obj in objs:
        cells = []
        for _c, attname, convert in history_plan:
            value = extra[attname] if attname in extra else getattr(obj, attname)
            cells.append(convert(value))
        history_lines.append("\t".join(cells) + "\n")
    _copy(connection, history_model._meta.db_table, [c for c, _a, _f in history_plan], history_lines)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = db
    return objs
