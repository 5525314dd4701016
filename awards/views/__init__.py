"""Pages of awards, split by aggregate: `public` (the dynamic list 动态清单 and each program's page, no
login), `programs` (the secretariat's programs, CAST's listing queue and list management), `rounds`
(a round, its nominations, assignment, the panel, results), `nominations` (one nomination, materials,
a member's nominations), `reviews` (a reviewer's queue, the score form, declared co-authors).

Every transition has a confirmation page: GET says what will happen, POST calls the service."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.messages import names
from core.roles import reach_of


def refusal(exc: DomainError) -> dict:
    """What a page shows when a service refuses: the message and the rule it names."""
    return {"message": str(exc.message), "rule": exc.rule or "", "field": exc.field or ""}


def done(request, text, to, *args):
    messages.success(request, text)
    return redirect(to, *args)


def assigned_message(created, scope) -> str:
    """Who now reviews what: "已在《…》中分配 3 项评审：李评审、王评审，涉及 2 项提名。"."""
    if not created:
        return _("No new review assignment in %(scope)s: the reviewers chosen were already assigned.") % {
            "scope": scope
        }
    return _("%(n)d review assignments made in %(scope)s: %(reviewers)s, on %(count)d nominations.") % {
        "n": len(created),
        "scope": scope,
        "reviewers": names([a.reviewer for a in created]),
        "count": len({a.nomination_id for a in created}),
    }


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
