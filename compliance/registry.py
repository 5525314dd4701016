"""The rule registry: every compliance check of the portal, declared by the app that owns the data.

Each app lists its checks in `<app>/compliance.py` as `CHECKS = [Check(...), ...]` (found through
core.registry, so this low app imports none of them). A check is a rule ID, a severity, a rule area
(the dashboard's heatmap columns) and `find(scope)`: one set-based query over the whole population —
ORM aggregates and subqueries, never a Python loop over societies or rows — returning `Hit`s, the
facts of every failing subject. The message is a translatable template filled from those facts, so
a finding reads in Chinese or English, whoever reads it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

from core.registry import app_modules

AREAS = {
    "branches": _("Branch offices"),
    "activities": _("Activities"),
    "awards": _("Awards"),
    "party": _("Party building"),
    "governance": _("Governance"),
    "training": _("Training"),
    "reports": _("Annual reports"),
}


@dataclass(frozen=True)
class Scope:
    """What one sweep looks at: the day it judges by, and all societies or only some."""

    today: date
    society_ids: frozenset[int] | None = None

    def societies(self, queryset: QuerySet, path: str = "society_id") -> QuerySet:
        """`queryset` narrowed to the scope's societies along `path` (nothing to do for a full sweep)."""
        if self.society_ids is None:
            return queryset
        return queryset.filter(**{f"{path}__in": self.society_ids})


@dataclass(frozen=True)
class Hit:
    """One failing subject: its society, the primary key of the object it is about (None when the
    check's subject is the society as a whole), and the facts the message is built from (JSON-safe)."""

    society_id: int
    pk: object = None
    facts: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Check:
    """One rule's check of one kind of subject (`model`; None: the society itself). A rule checked on
    several kinds of subject (R-PB-02 on donations, expenditures, rounds …) declares one Check per kind,
    each with its own `name`; a check only ever resolves findings about its own kind of subject."""

    rule: str
    severity: str
    area: str
    message: object  # lazy translatable template, filled with a hit's facts
    find: Callable[[Scope], Iterable[Hit]]
    model: type[Model] | None = None
    name: str = ""
    # Days to put it right, by default the severity's (rule settings); R-BR-05 has its own.
    deadline_setting: str = ""
    # Turns stored facts (codes) into what the message shows (labels in the active language).
    describe: Callable[[dict], dict] | None = None
    # The owning app's bulk follow-up of new findings (primary keys of their subjects, deadline): R-BR-05
    # puts the branches under rectification. Constant queries; runs in the check's transaction.
    on_open: Callable[[list, date], None] | None = None

    @property
    def id(self) -> str:
        return f"{self.rule}/{self.name}" if self.name else self.rule

    def render(self, facts: dict) -> str:
        """The message in the active language, from the facts the check found."""
        try:
            shown = {**facts, **self.describe(facts)} if self.describe else facts
            return str(self.message) % shown
        except (KeyError, TypeError, ValueError):
            return str(self.message)


@cache
def checks() -> tuple[Check, ...]:
    """Every registered check, in the order of PORTAL_APPS then declaration (the order a sweep runs)."""
    found: list[Check] = []
    for module in app_modules("compliance"):
        found.extend(getattr(module, "CHECKS", ()))
    ids = [c.id for c in found]
    duplicates = {r for r in ids if ids.count(r) > 1}
    if duplicates:
        raise RuntimeError(f"compliance checks declared twice: {sorted(duplicates)}")
    return tuple(found)


def check_for(rule: str, content_type_id: int | None = None) -> Check | None:
    """The check that opens findings of `rule` about subjects of this content type (None: societies)."""
    from django.contrib.contenttypes.models import ContentType

    for check in checks():
        if check.rule != rule:
            continue
        ct = ContentType.objects.get_for_model(check.model).pk if check.model is not None else None
        if ct == content_type_id:
            return check
    return None


def rules() -> list[str]:
    """The rule IDs the registry checks, in order, each once."""
    return list(dict.fromkeys(c.rule for c in checks()))
