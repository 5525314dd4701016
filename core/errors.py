"""Domain errors: how a service says "no", in words a secretary can act on.

Views turn them into form errors, the API into the error shapes of shared/API.md
(400 with `rule`, 409 with `status`). Services raise them before writing anything.
"""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule of the policy refused the change. `rule` is the DOMAIN.md ID, `field` the input at fault."""

    http_status = 400

    def __init__(self, message, *, rule: str | None = None, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.rule = rule
        self.field = field

    def as_dict(self) -> dict:
        body = {"detail": str(self.message)}
        if self.rule:
            body["rule"] = self.rule
        if self.field:
            body["field"] = self.field
        return body


class TransitionNotAllowed(DomainError):
    """The object is not in a state from which this step may be taken (API: 409)."""

    http_status = 409

    def __init__(self, message=None, *, status: str, action: str = "", status_label=None):
        """`status` is the wire value (API `status`); the message shows the translated label."""
        super().__init__(
            message
            or _("“%(action)s” is not allowed while the status is “%(status)s”.")
            % {"action": action, "status": status_label or status}
        )
        self.status = status

    def as_dict(self) -> dict:
        return {"detail": str(self.message), "status": self.status}
