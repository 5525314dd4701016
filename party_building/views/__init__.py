"""Pages of Party building: pre-review (matters), finance registers, Party organizations, elections."""

from django.contrib import messages
from django.shortcuts import redirect

from core.errors import DomainError


def refusal(exc: DomainError) -> dict:
    """What a page shows when a service refuses: the message and the rule it names."""
    return {"message": str(exc.message), "rule": exc.rule or "", "field": exc.field or ""}


def done(request, text, to, *args):
    messages.success(request, text)
    return redirect(to, *args)
