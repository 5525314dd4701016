"""Signal receivers of the core app, connected in CoreConfig.ready().

- Logouts ("accounts.user.logged_out", the user as actor); logins and failed logins are accounts.signals'
  (core.audit's docstring).
- A Celery task's audit entries carry channel "task" (task_prerun/task_postrun set core.audit's context).
"""

import contextlib

from celery.signals import task_postrun, task_prerun
from django.contrib.auth.signals import user_logged_out

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


def on_logged_out(sender, request, user, **kwargs):
    if user is None:
        return
    with _with_request(request):
        log_action("accounts.user.logged_out", actor=user, data=_request_data(request))


def on_task_prerun(task_id=None, task=None, **kwargs):
    _task_tokens[task_id] = enter_context(AuditEntry.Channel.TASK)


def on_task_postrun(task_id=None, task=None, **kwargs):
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        # set in another context (a worker pool that moved the task): nothing to undo
        with contextlib.suppress(ValueError):
            leave_context(token)  # type: ignore[arg-type]


def connect() -> None:
    # Logins and failed logins are written by accounts.signals (merged from the accounts work, with the
    # session stamp and the shape the login history page reads); connecting these too would log each
    # twice. Logout is audited here only.
    user_logged_out.connect(on_logged_out, dispatch_uid="core.audit.logged_out")
    task_prerun.connect(on_task_prerun, dispatch_uid="core.audit.task_prerun", weak=False)
    task_postrun.connect(on_task_postrun, dispatch_uid="core.audit.task_postrun", weak=False)
