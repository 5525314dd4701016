"""The inbox 待我处理: what waits for this user, oldest first, with how long each item has waited.

Each app declares what of its own waits for someone in `<app>/inbox.py` as `SOURCES = [Source(...), ...]`
(found through core.registry, so core imports none of the apps), the way compliance CHECKS are found.
A source is a queryset already scoped through core.access (`restrict`) — so an inbox never shows a row
its user may not reach — and the expressions that say when the item began to wait, what it is called
and which society it belongs to. Every source is projected onto the same columns and the sources of
one user are joined with one SQL UNION, ordered by the waiting time and cut to a page in the database:
the dashboard's top N and a page of the full inbox cost two queries (the rows and the count), whatever
the number of sources that apply or rows that wait.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from django.db.models import (
    Case,
    CharField,
    DateTimeField,
    Expression,
    F,
    IntegerField,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone

from core.registry import app_modules
from core.roles import Reach, reach_of

DASHBOARD_ITEMS = 8
# An item waiting longer than this many days is shown as overdue (red) in the inbox.
LONG_WAIT_DAYS = 7


@dataclass(frozen=True)
class Source:
    """One kind of item that waits for someone: a queryset and how to show a row of it.

    - `applies(reach)`: whether the user's roles can have such items at all (no query otherwise);
    - `rows(user)`: the waiting rows, scoped through core.access (restrict with the action the user
      takes on them: DECIDE for CAST, REVIEW for the Party reviewer, CHANGE for a secretariat …);
    - `since`, `title`, `society`: ORM expressions (or callables returning one, evaluated in the active
      language) for when it began to wait, what it is called and its society's name;
    - `url`: the URL name of the item's page, reversed with the row's pk (or `pk`), or a function of it;
    - `label`: what kind of item it is; `action`: what the user is to do with it (both translatable).
    """

    key: str
    label: object
    action: object
    applies: Callable[[Reach], bool]
    rows: Callable[..., QuerySet]
    url: str | Callable[[int], str]
    since: object = F("submitted_at")
    title: object = F("title")
    society: object = F("society__name")
    detail: object = Value("")
    pk: object = F("pk")  # the pk the item's URL is reversed with (a review assignment links its nomination)

    def projected(self, user) -> QuerySet:
        """The source's rows as the inbox's common columns (all annotations, in one fixed order)."""

        def expr(value) -> Expression:
            return value() if callable(value) and not isinstance(value, Expression | F) else value

        return (
            self.rows(user)
            .order_by()
            .annotate(
                ib_pk=Cast(expr(self.pk), IntegerField()),
                ib_key=Value(self.key, output_field=CharField()),
                ib_since=Cast(expr(self.since), DateTimeField()),
                ib_title=Cast(expr(self.title), CharField()),
                ib_society=Coalesce(Cast(expr(self.society), CharField()), Value("")),
                ib_detail=Cast(expr(self.detail), CharField()),
            )
            .values_list("ib_pk", "ib_key", "ib_since", "ib_title", "ib_society", "ib_detail")
        )


@dataclass(frozen=True)
class Item:
    """One waiting item as the inbox shows it."""

    source: Source
    pk: int
    since: datetime | None
    title: str
    society: str
    detail: str

    @property
    def url(self) -> str:
        url = self.source.url
        return url(self.pk) if callable(url) else reverse(url, args=[self.pk])

    @property
    def waited_days(self) -> int:
        return (timezone.now() - self.since).days if self.since else 0

    @property
    def long_wait(self) -> bool:
        return self.waited_days >= LONG_WAIT_DAYS


@cache
def sources() -> tuple[Source, ...]:
    """Every registered source, in the order of PORTAL_APPS then declaration."""
    found: list[Source] = []
    for module in app_modules("inbox"):
        found.extend(getattr(module, "SOURCES", ()))
    keys = [s.key for s in found]
    duplicates = {k for k in keys if keys.count(k) > 1}
    if duplicates:
        raise RuntimeError(f"inbox sources declared twice: {sorted(duplicates)}")
    return tuple(found)


def sources_for(user) -> list[Source]:
    if user is None or not user.is_authenticated:
        return []
    reach = reach_of(user)
    return [s for s in sources() if s.applies(reach)]


def waiting(user) -> QuerySet | None:
    """The union of every applicable source, oldest first (None: nothing can wait for this user).
    Slice it for a page; `.count()` counts it in the database."""
    applicable = sources_for(user)
    if not applicable:
        return None
    first, *rest = (s.projected(user) for s in applicable)
    union = first.union(*rest, all=True) if rest else first
    return union.order_by("ib_since", "ib_key", "ib_pk")


def choice_label(field: str, choices) -> Case:
    """An expression giving a choice field's label in the active language (for `detail`)."""
    return Case(
        *[When(**{field: value}, then=Value(str(label))) for value, label in choices],
        default=F(field),
        output_field=CharField(),
    )


def items(user, rows) -> list[Item]:
    by_key = {s.key: s for s in sources()}
    return [
        Item(by_key[key], pk, since, title or "", society or "", detail or "")
        for pk, key, since, title, society, detail in rows
    ]


def top(user, n: int = DASHBOARD_ITEMS) -> tuple[list[Item], int]:
    """The `n` items that have waited longest and how many wait in all (two queries, or none)."""
    union = waiting(user)
    if union is None:
        return [], 0
    rows = list(union[:n])
    total = len(rows) if len(rows) < n else union.count()
    return items(user, rows), total
