"""State changes of users and their roles. Web views, the API and the demo command call these.

Each checks its actor itself (core.access.require with ADMIN): only CAST administrators manage accounts
and roles, whoever calls — a view that forgot its check, the API, a task or a shell. Two exceptions are
written out below: a visitor registering opens their own account and takes the member role.
"""

import functools
from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from guardian.models import UserObjectPermission
from guardian.shortcuts import assign_perm, remove_perm

from core.access import ADMIN, require
from core.audit import log_action
from core.errors import DomainError, TransitionNotAllowed
from core.roles import GROUP_ROLES, OBJECT_ROLES, Role, forget_reach, role_model
from core.validators import validate_username

from .models import User


def _target_for(role: str, society, branch):
    if role in GROUP_ROLES:
        if society is not None or branch is not None:
            raise DomainError(
                _("The role “%(role)s” is not tied to a society or branch.") % {"role": role}, field="roles"
            )
        return None
    model = OBJECT_ROLES[Role(role)][2]
    target = society if model == "society" else branch
    if target is None:
        label = _("society") if model == "society" else _("branch")
        raise DomainError(
            _("The role “%(role)s” needs a %(what)s.") % {"role": Role(role).label, "what": label},
            field="roles",
        )
    if model == "society" and branch is not None:
        raise DomainError(_("A society role is granted on a society, not a branch."), field="roles")
    return target


def _require_admin(actor) -> None:
    require(actor, None, ADMIN, _("Only CAST administrators manage accounts and roles."))


def _admin_only(service):
    """Check the actor before the service's transaction opens, so the audited refusal is not rolled back
    with it."""

    @functools.wraps(service)
    def checked(*, actor, **kwargs):
        _require_admin(actor)
        return service(actor=actor, **kwargs)

    return checked


def grant_role(*, actor, user: User, role: str, society=None, branch=None) -> None:
    self_registration = (
        role == Role.MEMBER
        and actor is not None
        and actor.pk == user.pk
        and society is None
        and branch is None
    )
    if not self_registration:  # a visitor who registers takes the member role themself
        _require_admin(actor)
    _grant_role(actor=actor, user=user, role=role, society=society, branch=branch)


@transaction.atomic
def _grant_role(*, actor, user: User, role: str, society=None, branch=None) -> None:
    if role not in Role.values:
        raise DomainError(_("Unknown role “%(role)s”.") % {"role": role}, field="roles")
    target = _target_for(role, society, branch)
    if target is None:
        group, _created = Group.objects.get_or_create(name=role)
        user.groups.add(group)
    else:
        app_label, codename, _model = OBJECT_ROLES[Role(role)]
        assign_perm(f"{app_label}.{codename}", user, target)
    forget_reach(user)
    log_action(
        "accounts.user.role_granted",
        actor=actor,
        obj=user,
        data={"role": role, "society": getattr(society, "pk", None), "branch": getattr(branch, "pk", None)},
    )


@_admin_only
@transaction.atomic
def revoke_role(*, actor, user: User, role: str, society=None, branch=None) -> None:
    target = _target_for(role, society, branch)
    held = {"role": role, "society": getattr(society, "pk", None), "branch": getattr(branch, "pk", None)}
    if not any(held == {**row, "role": str(row["role"])} for row in role_rows(user)):
        raise DomainError(_("This user does not hold that role."), field="roles")
    if target is None:
        user.groups.remove(*Group.objects.filter(name=role))
    else:
        app_label, codename, _model = OBJECT_ROLES[Role(role)]
        remove_perm(f"{app_label}.{codename}", user, target)
    forget_reach(user)
    log_action(
        "accounts.user.role_revoked",
        actor=actor,
        obj=user,
        data={"role": role, "society": getattr(society, "pk", None), "branch": getattr(branch, "pk", None)},
    )


CODENAME_ROLES = {codename: role for role, (_a, codename, _m) in OBJECT_ROLES.items()}


def role_rows_prefetch() -> list[Prefetch]:
    """What a list of users prefetches so that `role_rows` of each costs no query (the users API)."""
    grants = (
        UserObjectPermission.objects.filter(permission__codename__in=CODENAME_ROLES)
        .select_related("permission")
        .order_by("id")
    )
    return [Prefetch("groups"), Prefetch("userobjectpermission_set", queryset=grants, to_attr="role_grants")]


def role_rows(user: User) -> list[dict]:
    """The user's roles as the API lists them: `{role, society, branch}` each. No query for a user
    fetched with `role_rows_prefetch()`, two otherwise."""
    rows: list[dict] = [{"role": r, "society": None, "branch": None} for r in user_group_roles(user)]
    codename_to_role = CODENAME_ROLES
    grants = getattr(user, "role_grants", None)
    if grants is not None:
        pairs = [(g.permission.codename, g.object_pk) for g in grants]
    else:
        pairs = list(
            UserObjectPermission.objects.filter(user=user, permission__codename__in=codename_to_role)
            .order_by("id")
            .values_list("permission__codename", "object_pk")
        )
    for codename, object_pk in pairs:
        role = codename_to_role[codename]
        key = "branch" if role == Role.BRANCH_OFFICER else "society"
        rows.append({"role": str(role), "society": None, "branch": None, key: int(object_pk)})
    return rows


def labelled_role_rows(user: User) -> list[dict]:
    """role_rows with what people read: the role's label and the society's or branch's name."""
    rows = role_rows(user)
    societies = dict(
        role_model(Role.SECRETARY)
        .objects.filter(pk__in={r["society"] for r in rows if r["society"]})
        .values_list("pk", "name")
    )
    branches = dict(
        role_model(Role.BRANCH_OFFICER)
        .objects.filter(pk__in={r["branch"] for r in rows if r["branch"]})
        .values_list("pk", "name")
    )
    for row in rows:
        row["label"] = Role(row["role"]).label
        row["society_name"] = societies.get(row["society"], "")
        row["branch_name"] = branches.get(row["branch"], "")
    return rows


def user_group_roles(user: User) -> list[str]:
    roles = [group.name for group in user.groups.all() if group.name in GROUP_ROLES]  # prefetched or not
    if user.is_superuser and Role.CAST_ADMIN not in roles:
        roles.insert(0, str(Role.CAST_ADMIN))
    return roles


def _check_username(username: str) -> None:
    """Every path that names an account (web, API, import, registration) holds it to the same validator."""
    try:
        validate_username(username)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="username") from exc


@_admin_only
@transaction.atomic
def create_user(
    *, actor, username: str, password: str | None, email: str = "", name: str = "", roles: Iterable[dict] = ()
) -> User:
    """Create an account and grant its roles in one transaction: a bad role leaves no user behind.
    CAST administrators create accounts; `actor=None` is the visitor's own registration (members.services
    .register_visitor) or the portal itself."""
    _check_username(username)
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("This username is taken."), field="username")
    user = User(username=username, email=email, name=name)
    if password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise DomainError(" ".join(exc.messages), field="password") from exc
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    log_action("accounts.user.created", actor=actor, obj=user, data={"username": username, "email": email})
    for row in roles:
        grant_role(
            actor=actor, user=user, role=row["role"], society=row.get("society"), branch=row.get("branch")
        )
    return user


@_admin_only
@transaction.atomic
def deactivate_user(*, actor, user: User, comment: str = "") -> User:
    locked = User.objects.select_for_update().get(pk=user.pk)
    if not locked.is_active:
        raise TransitionNotAllowed(_("This account is already deactivated."), status="inactive")
    if actor is not None and locked.pk == actor.pk:
        raise DomainError(_("You cannot deactivate your own account."), field="is_active")
    locked.is_active = False
    locked.save(update_fields=["is_active"])
    log_action(
        "accounts.user.deactivated",
        actor=actor,
        obj=locked,
        from_status="active",
        to_status="inactive",
        comment=comment,
    )
    return locked


@_admin_only
@transaction.atomic
def update_user(*, actor, user: User, **changes) -> User:
    allowed = {k: v for k, v in changes.items() if k in {"email", "name", "username"}}
    if "username" in allowed:
        _check_username(allowed["username"])
    old = {k: getattr(user, k) for k in allowed}
    for key, value in allowed.items():
        setattr(user, key, value)
    user.save(update_fields=list(allowed) or None)
    log_action("accounts.user.updated", actor=actor, obj=user, data={"old": old, "new": allowed})
    return user


def _set_password(user: User, password: str) -> None:
    """Validate (AUTH_PASSWORD_VALIDATORS: length, classes, the last five) and store a new password; saving
    it records the history and revokes the user's API tokens (accounts.validators)."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="password") from exc
    user.set_password(password)
    user.save(update_fields=["password"])


@transaction.atomic
def change_password(*, user: User, old_password: str, new_password: str) -> User:
    """The user changes their own password, proving the old one."""
    if not user.check_password(old_password):
        raise DomainError(_("Your old password was entered incorrectly."), field="old_password")
    _set_password(user, new_password)
    log_action("accounts.user.password_changed", actor=user, obj=user, data={"by": "owner"})
    return user


@_admin_only
@transaction.atomic
def set_password(*, actor, user: User, password: str) -> User:
    """A CAST administrator sets a user's password (the same policy applies)."""
    _set_password(user, password)
    log_action("accounts.user.password_changed", actor=actor, obj=user, data={"by": "admin"})
    return user


def record_password_reset(*, user: User) -> None:
    """Audit a password set through Django's reset link (the form itself validated and saved it)."""
    log_action("accounts.user.password_changed", actor=None, obj=user, data={"by": "reset_link"})
