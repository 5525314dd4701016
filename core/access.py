"""The one permission layer: every queryset a user sees passes through `restrict`.

Each app's permissions.py registers, per model, how its rows hang off a Society or a
Branch (`Scope`). `restrict(queryset, user, action)` then narrows any queryset — list
page, API, export, report — to what that user may reach, before anything is fetched.
A view therefore cannot forget the own-society rule: there is no other way to get rows.

Actions: "view" (read), "change" (a secretary's or branch officer's writes), "review"
(Party pre-review). CAST administrators reach everything; regulator observers read
everything registered as readable by them and write nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from accounts.roles import reach_of

VIEW, CHANGE, REVIEW = "view", "change", "review"


@dataclass(frozen=True)
class Scope:
    """How rows of one model are reached. Paths are ORM lookups; "" means the row itself."""

    society: str | None = None  # path to the Society (e.g. "society", "branch__society", "" for Society)
    # For rows reached from a society through a many-valued relation (a person through memberships):
    # a function from a set of society ids to a Q, typically `pk__in=Subquery(...)`, so no row repeats.
    society_q: Callable[[set[int]], Q] | None = None
    branch: str | None = None  # path to the Branch a branch officer runs
    owner: str | None = None  # path to the User who owns the row (a member's own profile)
    public: Q | None = None  # rows anyone, even anonymous, may read
    regulator_reads: bool = True
    reviewer_reads: bool = True
    officer_reads_society: bool = False  # a branch officer reads this society-level row


_SCOPES: dict[type[Model], Scope] = {}


def register(model: type[Model], scope: Scope) -> None:
    _SCOPES[model] = scope


def scope_for(model: type[Model]) -> Scope:
    try:
        return _SCOPES[model]
    except KeyError:
        raise ImproperlyConfigured(
            f"{model.__name__} has no access scope; register it in its app's permissions.py"
        ) from None


def _id_lookup(path: str) -> str:
    return f"{path}__in" if path else "pk__in"


def restrict(queryset: QuerySet, user, action: str = VIEW) -> QuerySet:
    """Narrow `queryset` to the rows `user` may `action`. Adds no query of its own beyond the
    user's reach (cached per request), so list pages keep a constant query count."""
    scope = scope_for(queryset.model)
    reach = reach_of(user)
    if reach.cast_admin:
        return queryset
    if action == VIEW and reach.regulator and scope.regulator_reads:
        return queryset
    q = Q(pk__in=[])
    if scope.society is not None or scope.society_q is not None:
        society_ids: set[int] = set()
        if action in (VIEW, CHANGE):
            society_ids |= reach.secretary_of
        if (action == VIEW and scope.reviewer_reads) or action == REVIEW:
            society_ids |= reach.reviewer_of
        if action == VIEW and scope.officer_reads_society:
            society_ids |= reach.officer_societies
        if society_ids:
            if scope.society_q is not None:
                q |= scope.society_q(society_ids)
            else:
                q |= Q(**{_id_lookup(scope.society or ""): society_ids})
    if scope.branch is not None and reach.officer_of and action in (VIEW, CHANGE):
        q |= Q(**{_id_lookup(scope.branch): reach.officer_of})
    if scope.owner is not None and user is not None and user.is_authenticated and action in (VIEW, CHANGE):
        q |= Q(**{scope.owner: user.pk})
    if action == VIEW and scope.public is not None:
        if not scope.public:  # an empty Q means every row is public
            return queryset
        q |= scope.public
    return queryset.filter(q)


def get_for(queryset: QuerySet, user, action: str = VIEW, **lookup) -> Model:
    """One object for `action`: 404 when the user may not see it (it does not exist for them),
    403 when they may see it but not act on it. Every refusal is audited."""
    from .audit import log_action

    visible = restrict(queryset, user, VIEW)
    try:
        obj = visible.get(**lookup)
    except (ValueError, ValidationError):  # a malformed id names no object
        raise Http404 from None
    except queryset.model.DoesNotExist:
        if queryset.filter(**lookup).exists():
            _audit_denied(log_action, user, queryset.model, lookup, action)
        raise Http404 from None
    if action != VIEW and not restrict(queryset.filter(pk=obj.pk), user, action).exists():
        _audit_denied(log_action, user, queryset.model, lookup, action)
        raise PermissionDenied
    return obj


def may(user, obj: Model, action: str) -> bool:
    return restrict(type(obj)._default_manager.filter(pk=obj.pk), user, action).exists()


def _audit_denied(log_action, user, model, lookup, action):
    meta = model._meta
    log_action(
        f"core.access.denied_{action}",
        actor=user,
        data={
            "model": f"{meta.app_label}.{meta.model_name}",
            "lookup": {k: str(v) for k, v in lookup.items()},
        },
    )
