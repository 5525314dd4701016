"""Signal receivers of the core app, connected in CoreConfig.ready().

- Logins, failed logins and logouts (Django's auth signals) are audited here and nowhere else
  (core.audit's docstring): "accounts.user.logged_in" and "accounts.user.logged_out" with the user as
  actor; "accounts.user.login_failed" with no actor (nobody was authenticated), result "failed", the
  username tried and the id of the account it names (`data.user`, null if none) — never the password.
  A user's login history is therefore `actor=user` plus `action=login_failed, data__user=user.pk`.
- A Celery task's audit entries carry channel "task" (task_prerun/task_postrun set core.audit's context).
"""

import contextlib

from celery.signals import task_postrun, task_prerun
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from .audit import audit_context, current_context, enter_context, leave_context, log_action
from .middleware import client_ip
from .models import AuditEntry

_task_tokens: dict[str, object] = {}


def _request_data(request) -> dict:
    if request is None:
        return {}
    return {"path": request.path[:300], "user_agent": request.META.get("HTTP_USER_AGENT", "")[:200]}


def _with_request(request):
    """The request's IP and channel, should the signal come from outside the middleware (a test client
    login, a token view called directly)."""
    if request is None or current_context().ip is not None:
        return audit_context(current_context().channel, current_context().ip)
    path = getattr(request, "path", "") or ""
    channel = AuditEntry.Channel.API if path.startswith("/api/") else AuditEntry.Channel.WEB
    return audit_context(channel, client_ip(request) if hasattr(request, "META") else None)


def on_logged_in(sender, request, user, **kwargs):
    with _with_request(request):
        log_action("accounts.user.logged_in", actor=user, data=_request_data(request))


def on_logged_out(sender, request, user, **kwargs):
    if user is None:
        return
    with _with_request(request):
        log_action("accounts.user.logged_out", actor=user, data=_request_data(request))


def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get(get_user_model().USERNAME_FIELD, "") or credentials.get("username", ""))
    users = get_user_model()._default_manager
    known = users.filter(**{get_user_model().USERNAME_FIELD: username}).values_list("pk", flat=True).first()
    with _with_request(request):
        log_action(
            "accounts.user.login_failed",
            actor=None,
            result=AuditEntry.Result.FAILED,
            data={"username": username[:150], "user": known, **_request_data(request)},
        )


def on_task_prerun(task_id=None, task=None, **kwargs):
    _task_tokens[task_id] = enter_context(AuditEntry.Channel.TASK)


def on_task_postrun(task_id=None, task=None, **kwargs):
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        # set in another context (a worker pool that moved the task): nothing to undo
        with contextlib.suppress(ValueError):
            leave_context(token)  # type: ignore[arg-type]


def connect() -> None:
    user_logged_in.connect(on_logged_in, dispatch_uid="core.audit.logged_in")
    user_logged_out.connect(on_logged_out, dispatch_uid="core.audit.logged_out")
    user_login_failed.connect(on_login_failed, dispatch_uid="core.audit.login_failed")
    task_prerun.connect(on_task_prerun, dispatch_uid="core.audit.task_prerun", weak=False)
    task_postrun.connect(on_task_postrun, dispatch_uid="core.audit.task_postrun", weak=False)
