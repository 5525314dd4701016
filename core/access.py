"""The one permission layer: every queryset a user sees passes through `restrict`.

Each app's permissions.py registers, per model, how its rows hang off a Society or a
Branch (`Scope`). `restrict(queryset, user, action)` then narrows any queryset — list
page, API, export, report — to what that user may reach, before anything is fetched.
A view therefore cannot forget the own-society rule: there is no other way to get rows.

The one action vocabulary of the portal:
- VIEW: read;
- CHANGE: a society's secretariat's (or a branch officer's, for their branch) writes;
- REVIEW: the Party pre-review of the society's major matters (its council Party committee);
- DECIDE: CAST's decisions on what societies submit (filings, branches, findings, a society's status);
- ADMIN: running the portal itself (accounts, roles, rule settings).
CAST administrators reach everything but REVIEW (pre-review is the council Party committee's task,
R-PB-02); regulator observers read everything registered as readable by them and write nothing.

Services are the authority: every service that changes state calls `require(actor, obj, action)` before
it writes, so a task, a shell or a new view that forgets its own check is still refused. Views and
templates ask the same question with `may` (and the `may` template filter) for a fast, friendly answer.
`actor=None` is the portal itself (a scheduled sweep, the demo loader), as in the audit trail.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from core.roles import reach_of

from .audit import current_context, log_action, society_of
from .errors import DomainError
from .models import AuditEntry

VIEW, CHANGE, REVIEW, DECIDE, ADMIN = "view", "change", "review", "decide", "admin"
ACTIONS = (VIEW, CHANGE, REVIEW, DECIDE, ADMIN)
# Actions held by CAST administrators alone, on any object or on none (the portal as a whole).
CAST_ONLY = (DECIDE, ADMIN)


@dataclass(frozen=True)
class Scope:
    """How rows of one model are reached. Paths are ORM lookups; "" means the row itself."""

    society: str | None = None  # path to the Society (e.g. "society", "branch__society", "" for Society)
    # For rows reached from a society through a many-valued relation (a person through memberships):
    # a function from a set of society ids to a Q, typically `pk__in=Subquery(...)`, so no row repeats.
    society_q: Callable[[set[int]], Q] | None = None
    branch: str | None = None  # path to the Branch a branch officer runs
    owner: str | tuple[str, ...] | None = None  # path(s) to the User who owns the row (own profile)
    # Path to a User through a many-valued relation (a nomination's assigned reviewers): rows assigned to
    # the user, read and written by them (a subquery, so no row repeats).
    assignee: str | None = None
    public: Q | None = None  # rows anyone, even anonymous, may read
    regulator_reads: bool = True
    reviewer_reads: bool = True
    officer_reads_society: bool = False  # a branch officer reads this society-level row
    # False for what a society writes and CAST then decides (filings): CAST does not CHANGE it, so the
    # one who files and the one who approves are never the same (separation of duties).
    cast_changes: bool = True


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


def restrict(queryset: QuerySet, user, action: str = VIEW, *, cast: bool = True, society=None) -> QuerySet:
    """Narrow `queryset` to the rows `user` may `action`. Adds no query of its own beyond the
    user's reach (cached per request), so list pages keep a constant query count.
    `cast=False` asks for CHANGE as the society's own people hold it (its secretariat, a branch officer
    for their branch), without CAST's reach: what a society proposes and CAST then decides (a branch
    proposal, a branch's officers), like a model registered with `cast_changes=False`.
    `society`: the caller has already narrowed `queryset` to the rows of this one society (a society's
    member directory). When the user reaches that whole society for `action`, nothing is added: the OR of
    the owner paths (`person.user = me`) would only repeat rows already in, and would force a join into
    every COUNT and defeat the society's indexes (issue 15: 11.9 s → index-only at 700,000 members)."""
    scope = scope_for(queryset.model)
    reach = reach_of(user)
    cast_changes = scope.cast_changes and cast
    # Pre-review is the council Party committee's, not CAST's; what CAST decides it does not also write.
    if reach.cast_admin and action != REVIEW and (action != CHANGE or cast_changes):
        return queryset
    if action in CAST_ONLY:
        return queryset.none()
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
        if (
            society is not None
            and scope.society is not None
            and getattr(society, "pk", society) in society_ids
        ):
            return queryset
        if society_ids:
            if scope.society_q is not None:
                q |= scope.society_q(society_ids)
            else:
                q |= Q(**{_id_lookup(scope.society or ""): society_ids})
    if scope.branch is not None and reach.officer_of and action in (VIEW, CHANGE):
        q |= Q(**{_id_lookup(scope.branch): reach.officer_of})
    signed_in = user is not None and user.is_authenticated
    if scope.owner is not None and signed_in and action in (VIEW, CHANGE):
        for path in (scope.owner,) if isinstance(scope.owner, str) else scope.owner:
            q |= Q(**{path: user.pk})
    if scope.assignee is not None and signed_in and action in (VIEW, CHANGE):
        q |= Q(pk__in=queryset.model._default_manager.filter(**{scope.assignee: user.pk}).values("pk"))
    if action == VIEW and scope.public is not None:
        if not scope.public:  # an empty Q means every row is public
            return queryset
        q |= scope.public
    return queryset.filter(q)


def get_for(queryset: QuerySet, user, action: str = VIEW, **lookup) -> Model:
    """One object for `action`: 404 when the user may not see it (it does not exist for them),
    403 when they may see it but not act on it. Every refusal is audited."""
    visible = restrict(queryset, user, VIEW)
    try:
        obj = visible.get(**lookup)
    except (ValueError, ValidationError):  # a malformed id names no object
        raise Http404 from None
    except queryset.model.DoesNotExist:
        # One query tells whether the object exists elsewhere, and whose society it is.
        path = scope_for(queryset.model).society  # None: the rows hang off no society (accounts)
        hidden = queryset.filter(**lookup).values_list(path or "pk").first()
        if hidden is not None:
            society = hidden[0] if path is not None else None
            _audit_denied(log_action, user, queryset.model, lookup, action, society=society)
        raise Http404 from None
    if action != VIEW and not restrict(queryset.filter(pk=obj.pk), user, action).exists():
        entry = _audit_denied(log_action, user, queryset.model, lookup, action, society=society_of(obj))
        refusal = PermissionDenied()
        refusal.audit_entry_pk = entry.pk  # type: ignore[attr-defined]  # audited: the middleware skips it
        raise refusal
    return obj


def may(user, obj: Model | None, action: str, *, cast: bool = True) -> bool:
    """May `user` take `action` on `obj`? `obj=None` asks about the portal as a whole (DECIDE, ADMIN).
    The predicate views and templates show or hide a control with; services `require` the same.
    `cast=False`: CHANGE held as the society's own (see `restrict`), not through CAST's reach."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown action {action!r}; use one of {ACTIONS}")
    if action in CAST_ONLY:
        return reach_of(user).cast_admin
    if obj is None:
        raise ValueError(f"{action!r} is asked of an object, not of the portal as a whole")
    return restrict(type(obj)._default_manager.filter(pk=obj.pk), user, action, cast=cast).exists()


def require(user, obj: Model | None, action: str, message=None, *, cast: bool = True) -> None:
    """The check a service makes of its actor before it writes: PermissionDenied (audited) unless
    `may(user, obj, action, cast=cast)`. `user=None` is the portal itself and passes."""
    if user is None or may(user, obj, action, cast=cast):
        return
    data: dict = {"action": action}
    if obj is not None:
        data |= _denial_data(type(obj), {"pk": obj.pk})
    refusal = PermissionDenied(message or _("You may not do this."))
    refusal.pending_audit = (user, f"core.access.denied_{action}", data, society_of(obj))  # type: ignore[attr-defined]
    write_refusal_audit(refusal)
    raise refusal


DENIED_REFERENCE = "core.access.denied_reference"


def refuse_crossing(user, message, *, field: str, model: type[Model], value, society=None) -> DomainError:
    """The 400 answered to an input naming an object across the own-society line — another society's
    `society` in a POST body, a branch, term or body of another society than the one in the URL — audited
    like every refusal (`core.access.denied_reference`, result "denied"). Returns the DomainError for the
    caller to raise (or to turn into its form's field error); the entry is written now, and written again
    after the request should a rollback take it away."""
    data = {"field": field, **_denial_data(model, {"pk": getattr(value, "pk", value)})}
    refusal = DomainError(message, field=field)
    refusal.pending_audit = (user, DENIED_REFERENCE, data, society)  # type: ignore[attr-defined]
    write_refusal_audit(refusal)
    return refusal


def audit_refused_reference(user, model: type[Model], value, *, field: str) -> None:
    """A serializer's related field was given the id of an object outside the caller's reach: if that
    object exists (a real attempt across the line, not a typo), audit it. The answer stays the field's
    own "does not exist", so the 400 tells nothing of the other society."""
    if user is None or not getattr(user, "is_authenticated", False):
        return
    try:
        target = model._default_manager.filter(pk=value).first()
    except (TypeError, ValueError, ValidationError):
        return
    if target is None:
        return
    refuse_crossing(user, "", field=field, model=model, value=target, society=society_of(target))


def write_refusal_audit(refusal: Exception) -> None:
    """Write the audit entry a `require` refusal carries. `require` writes it at once; when that happened
    inside the service's transaction, the rollback took it away, so the web middleware
    (core.middleware.RefusalAuditMiddleware) and the API's exception handler call this again afterwards
    and it is written anew — once."""
    pending = getattr(refusal, "pending_audit", None)
    if pending is None:
        return
    written = getattr(refusal, "audit_entry_pk", None)
    if written is not None and AuditEntry.objects.filter(pk=written).exists():
        return
    user, action, data, society = pending
    entry = log_action(action, actor=user, data=data, society=society)
    refusal.audit_entry_pk = entry.pk  # type: ignore[attr-defined]
    if written is None:  # the first writing: the request's middleware checks it once more at its end
        current_context().refusals.append(refusal)


def flush_refusal_audits() -> None:
    """At the end of a request: write again each refusal whose entry a rolled-back transaction took away
    (a service's refusal inside its transaction, caught by a view that answered a form error)."""
    context = current_context()
    while context.refusals:
        write_refusal_audit(context.refusals.pop())


def _denial_data(model, lookup: dict) -> dict:
    """What an audited refusal records of its object: the model and the lookup that named it."""
    meta = model._meta
    return {"model": f"{meta.app_label}.{meta.model_name}", "lookup": {k: str(v) for k, v in lookup.items()}}


def _audit_denied(log_action, user, model, lookup, action, society=None):
    return log_action(
        f"core.access.denied_{action}", actor=user, data=_denial_data(model, lookup), society=society
    )


def reads_internals(user, obj: Model) -> bool:
    """May `user` read the internal record of `obj` — the comments of its status changes (CAST's reasons)?
    For rows only their own people reach, everyone who may VIEW them; for rows the public reads too (a
    society's register entry, a listed award program), only CAST, the regulator and the society's own
    staff (secretariat, Party reviewers, branch officers): issue 14, finding 8."""
    scope = scope_for(type(obj))
    if scope.public is None:
        return restrict(type(obj)._default_manager.filter(pk=obj.pk), user, VIEW).exists()
    reach = reach_of(user)
    if reach.cast_admin or reach.regulator:
        return True
    if scope.society is None:
        return False
    path = f"{scope.society}__pk" if scope.society else "pk"
    society_id = type(obj)._default_manager.filter(pk=obj.pk).values_list(path, flat=True).first()
    return society_id in (reach.secretary_of | reach.reviewer_of | reach.officer_societies)
