"""Recording a membership directly: the society's secretariat or CAST enters a member (an existing
profile or a new one) without an application — the paper forms, the unit members, the statistics office's
feed (`POST memberships/`). R-MEM-01 holds exactly as on approval: one active membership per society."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from core.access import VIEW, restrict
from core.errors import DomainError
from societies.choices import SocietyStatus

from ..choices import MembershipCategory, MembershipStatus, MembershipTier
from ..models import Membership, Person
from .common import _check_choice, _require_decider, _today
from .joining import _create_active_membership


def record_membership(
    *,
    actor,
    society,
    person: Person,
    tier: str = MembershipTier.ORDINARY,
    category: str = MembershipCategory.INDIVIDUAL,
    joined_on: date | None = None,
    valid_until: date | None = None,
    comment: str = "",
) -> Membership:
    """Record an active, numbered membership of `person` in `society` (the secretariat's or CAST's act).

    Refused with R-MEM-01 when the person already holds an active membership of the society. `joined_on`
    (default today) may lie in the past for a member who joined on paper; `valid_until` defaults to a year
    after joining and may not precede it."""
    _require_decider(actor, society)
    if actor is not None and not restrict(Person.objects.filter(pk=person.pk), actor, VIEW).exists():
        # Only a profile the secretariat already reaches: never a way into another society's people.
        raise DomainError(_("No such person among the people you may see."), field="person")
    _check_choice("tier", tier, MembershipTier.values)
    _check_choice("category", category, MembershipCategory.values)
    if society.status != SocietyStatus.ACTIVE:
        raise DomainError(_("This society does not accept members at present."), field="society")
    today = _today()
    if joined_on is not None and joined_on > today:
        raise DomainError(_("The joining date lies in the future."), field="joined_on")
    if valid_until is not None and valid_until < (joined_on or today):
        raise DomainError(_("The membership cannot end before it starts."), field="valid_until")
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        if Membership.objects.filter(society=society, person=locked, status=MembershipStatus.ACTIVE).exists():
            raise DomainError(
                _("%(person)s already holds an active membership of %(society)s.")
                % {"person": locked.name, "society": society.name},
                rule="R-MEM-01",
                field="person",
            )
        return _create_active_membership(
            actor=actor,
            society=society,
            person=locked,
            tier=tier,
            category=category,
            joined_on=joined_on,
            valid_until=valid_until,
            comment=comment,
        )
