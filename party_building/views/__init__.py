"""Pages of Party building: pre-review (matters), finance registers, Party organizations, elections."""

from django.contrib import messages
from django.shortcuts import redirect

from core.errors import DomainError
from core.roles import reach_of


def refusal(exc: DomainError) -> dict:
    """What a page shows when a service refuses: the message and the rule it names."""
    return {"message": str(exc.message), "rule": exc.rule or "", "field": exc.field or ""}


def reads_party_building(user) -> bool:
    """The registers (finance, organizations, elections) are read by CAST, the regulator and a society's
    secretariat and Party reviewers; a member or a branch officer has no such page (refused, not shown
    an empty one)."""
    reach = reach_of(user)
    return bool(reach.cast_admin or reach.regulator or reach.secretary_of or reach.reviewer_of)


def done(request, text, to, *args):
    messages.success(request, text)
    return redirect(to, *args)
