"""Pages of awards, split by aggregate: `public` (the dynamic list 动态清单 and each program's page, no
login), `programs` (the secretariat's programs, CAST's listing queue and list management), `rounds`
(a round, its nominations, assignment, the panel, results), `nominations` (one nomination, materials,
a member's nominations), `reviews` (a reviewer's queue, the score form, declared co-authors).

Every transition has a confirmation page: GET says what will happen, POST calls the service."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from core.errors import DomainError
from core.roles import reach_of


def refusal(exc: DomainError) -> dict:
    """What a page shows when a service refuses: the message and the rule it names."""
    return {"message": str(exc.message), "rule": exc.rule or "", "field": exc.field or ""}


def done(request, text, to, *args):
    messages.success(request, text)
    return redirect(to, *args)


def reads_society(user, society_id: int) -> bool:
    """The management pages of a society's awards are read by its secretariat and Party reviewers, CAST
    and the regulator; anyone else sees only the public pages (a listed program is public, its
    management page is not)."""
    reach = reach_of(user)
    return bool(
        reach.cast_admin
        or reach.regulator
        or society_id in reach.secretary_of
        or society_id in reach.reviewer_of
    )


def require_reads_society(user, society_id: int) -> None:
    if not reads_society(user, society_id):
        raise PermissionDenied


def runs_awards(user) -> bool:
    """Someone with a management page of awards: a secretary, a Party reviewer, CAST, the regulator."""
    reach = reach_of(user)
    return bool(reach.cast_admin or reach.regulator or reach.secretary_of or reach.reviewer_of)
