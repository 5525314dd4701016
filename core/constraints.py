"""Database constraints that speak to the user: a translated message on the field at fault, never a raw name.

Every check and unique constraint of the portal is a `FieldCheckConstraint` or `FieldUniqueConstraint`. Each
names the `field` its violation belongs to, a translated `violation_error_message` and, where the policy
has one, the DOMAIN.md `rule`. The same constraint then answers in both places a violation shows up:

- before the write, `full_clean()` / `validate_constraints()` / a ModelForm put the message on `field`;
- at the write (a race, or a path that skips validation), `domain_error_for(IntegrityError)` finds the
  constraint by its database name and returns the `DomainError` that views and the API already show.

`field` must be one of the fields the constraint reads: a ModelForm only validates a constraint whose
fields it all has, so the error always has a form field to land on (tests/core/test_constraints.py).
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, IntegrityError, models

from .errors import DomainError


class _FieldConstraint(models.BaseConstraint):
    """What both constraint classes add to Django's: `field`, `rule` and the error keyed by `field`."""

    # Neither changes the SQL: changing them is an AlterConstraint, not a drop and re-create.
    non_db_attrs = ("violation_error_code", "violation_error_message", "field", "rule")

    field: str
    rule: str | None

    def __init__(self, *args, field: str, rule: str | None = None, **kwargs):
        if not kwargs.get("violation_error_message"):
            raise TypeError(f"{type(self).__name__} needs a translated violation_error_message.")
        self.field = field
        self.rule = rule
        super().__init__(*args, **kwargs)

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        try:
            super().validate(model, instance, exclude=exclude, using=using)  # type: ignore[misc]  # stubs lack it
        except ValidationError as exc:
            code = self.violation_error_code or getattr(exc, "code", None)
            error = ValidationError(self.get_violation_error_message(), code=code)
            raise ValidationError({self.field: [error]}) from exc

    def as_domain_error(self) -> DomainError:
        return DomainError(self.violation_error_message, field=self.field, rule=self.rule)

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        kwargs["field"] = self.field
        if self.rule:
            kwargs["rule"] = self.rule
        return path, args, kwargs

    def __eq__(self, other):
        if isinstance(other, _FieldConstraint):
            return super().__eq__(other) and (self.field, self.rule) == (other.field, other.rule)
        return NotImplemented


class FieldCheckConstraint(_FieldConstraint, models.CheckConstraint):
    """A CheckConstraint whose violation is `violation_error_message` on `field`."""


class FieldUniqueConstraint(_FieldConstraint, models.UniqueConstraint):
    """A UniqueConstraint whose violation is `violation_error_message` on `field`."""


@cache
def _constraints_by_name() -> dict[str, _FieldConstraint]:
    return {
        constraint.name: constraint
        for model in apps.get_models()
        for constraint in model._meta.constraints
        if isinstance(constraint, _FieldConstraint)
    }


def _constraint_name(exc: IntegrityError) -> str | None:
    """The violated constraint's name: psycopg2 says it; otherwise it is looked for in the message."""
    diag = getattr(exc.__cause__, "diag", None)
    name = getattr(diag, "constraint_name", None)
    if name:
        return name
    text = str(exc)
    found = [n for n in _constraints_by_name() if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text)]
    return max(found, key=len) if found else None


def domain_error_for(exc: IntegrityError) -> DomainError | None:
    """The DomainError (translated message, field, rule) for a violated portal constraint, else None."""
    name = _constraint_name(exc)
    constraint = _constraints_by_name().get(name) if name else None
    return constraint.as_domain_error() if constraint is not None else None


@contextmanager
def constraint_errors() -> Iterator[None]:
    """Turn a portal constraint's IntegrityError into its DomainError; other IntegrityErrors pass through.
    Enter it outside the `transaction.atomic()` block whose write may fail, so that block rolls back."""
    try:
        yield
    except IntegrityError as exc:
        error = domain_error_for(exc)
        if error is None:
            raise
        raise error from exc
