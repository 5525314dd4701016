"""Joining a society: the application (R-MEM-01, R-MEM-02), its approval — which creates the numbered
active membership — or rejection, each queuing the applicant's mail (a Celery task in members.tasks,
rendered by members.notifications) to run after commit."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.email_verification import needs_verification
from core.access import CHANGE, require
from core.audit import log_action
from core.constraints import constraint_errors
from core.errors import DomainError
from core.mail import enqueue_on_commit
from societies.choices import SocietyStatus
from societies.models import Society

from .. import tasks
from ..choices import (
    DEFAULT_SELF_SELECTABLE_TIERS,
    FLAGGED_REGIONS,
    SECRETARIAT_ONLY_TIERS,
    ApplicationStatus,
    MembershipCategory,
    MembershipStatus,
    MembershipTier,
)
from ..models import JoiningPolicy, Membership, MembershipApplication, Person
from .common import _check_choice, _require_decider, _today, one_year_after


def apply_for_membership(
    *,
    actor,
    society,
    person: Person,
    tier: str = MembershipTier.ORDINARY,
    category: str = MembershipCategory.INDIVIDUAL,
    statement: str = "",
) -> MembershipApplication:
    """Submit an application to join `society`. One active membership or open application per society
    (R-MEM-01); HK, Macao, Taiwan and foreign applicants are flagged for explicit approval (R-MEM-02).
    Applying for oneself takes a verified e-mail address (accounts.email_verification) and one of the
    tiers the society lets applicants choose (`self_selectable_tiers`): a fellow or honorary membership
    is granted by the secretariat, never self-chosen (R-MEM-01)."""
    own = bool(person.user_id and person.user_id == getattr(actor, "pk", None))
    if not own:  # the secretariat applies for them
        require(actor, society, CHANGE, _("You may only apply for yourself."))
    _check_choice("tier", tier, MembershipTier.values)
    _check_choice("category", category, MembershipCategory.values)
    if own and tier not in self_selectable_tiers(society):
        if tier in SECRETARIAT_ONLY_TIERS:
            message = _(
                "Fellows and honorary members are granted by the secretariat; they cannot be applied for."
            )
        else:
            message = _("%(society)s does not take applications for this tier.") % {"society": society.name}
        raise DomainError(message, rule="R-MEM-01", field="tier")
    if own and needs_verification(actor):
        raise DomainError(
            _("Verify your e-mail address first: open the link we sent to %(email)s.")
            % {"email": actor.email},
            field="email",
        )
    if society.status != SocietyStatus.ACTIVE:
        raise DomainError(_("This society does not accept applications at present."), field="society")
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)  # serializes concurrent applications
        if Membership.objects.filter(society=society, person=locked, status=MembershipStatus.ACTIVE).exists():
            raise DomainError(
                _("You already hold an active membership of %(society)s.") % {"society": society.name},
                rule="R-MEM-01",
                field="society",
            )
        if MembershipApplication.objects.filter(
            society=society, person=locked, status=ApplicationStatus.SUBMITTED
        ).exists():
            raise DomainError(
                _("An application to %(society)s is already waiting for a decision.")
                % {"society": society.name},
                rule="R-MEM-01",
                field="society",
            )
        application = MembershipApplication.objects.create(
            society=society,
            person=locked,
            applicant=actor if locked.user_id == getattr(actor, "pk", None) else locked.user,
            tier=tier,
            category=category,
            statement=statement or "",
            needs_explicit_approval=locked.region in FLAGGED_REGIONS,
        )
        log_action(
            "members.membershipapplication.submitted",
            actor=actor,
            obj=application,
            to_status=ApplicationStatus.SUBMITTED,
            data={"tier": tier, "category": category, "flagged": application.needs_explicit_approval},
        )
        enqueue_on_commit(tasks.notify_application_submitted, application.pk)
    return application


def _next_number(society) -> str:
    """`CCS-2026-000123`: society code, year, sequence. Caller holds the society row lock."""
    prefix = f"{society.code.upper()}-{_today().year}-"
    last = (
        Membership.objects.filter(society=society, number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    try:
        seq = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    except ValueError:
        seq = Membership.objects.filter(society=society).count() + 1
    return f"{prefix}{seq:06d}"


def _create_active_membership(
    *, actor, society, person, tier, category, joined_on=None, valid_until=None, comment=""
) -> Membership:
    """The numbered active membership an approval or a direct entry (enrolment.py) creates; audited."""
    Society.objects.select_for_update().get(pk=society.pk)  # one number at a time per society
    today = _today()
    # An active membership that appeared meanwhile (an import) is refused with R-MEM-01 on `person`.
    with constraint_errors(), transaction.atomic():
        membership = Membership.objects.create(
            society=society,
            person=person,
            tier=tier,
            category=category,
            status=MembershipStatus.ACTIVE,
            number=_next_number(society),
            joined_on=joined_on or today,
            valid_until=valid_until or one_year_after(joined_on or today),
        )
    log_action(
        "members.membership.created",
        actor=actor,
        obj=membership,
        to_status=MembershipStatus.ACTIVE,
        comment=comment,
        data={"number": membership.number, "tier": tier, "category": category},
    )
    return membership


def approve_application(
    *, actor, application: MembershipApplication, comment: str = "", confirm_flagged: bool = False
) -> MembershipApplication:
    """Approve: create the active membership (numbered, joined today, valid one year) and notify."""
    _require_decider(actor, application.society)
    workflow = MembershipApplication.workflow
    with transaction.atomic():
        locked = (
            MembershipApplication.objects.select_for_update()
            .select_related("society", "person")
            .get(pk=application.pk)
        )
        if not workflow.can(locked, "approve"):
            # let the workflow raise its 409 with the current status
            return workflow.apply(locked, "approve", actor=actor, comment=comment)
        if locked.needs_explicit_approval and not confirm_flagged:
            raise DomainError(
                _(
                    "This applicant is from Hong Kong, Macao, Taiwan or abroad: confirm explicitly that you "
                    "approve the application."
                ),
                rule="R-MEM-02",
                field="confirm_flagged",
            )
        membership = _create_active_membership(
            actor=actor,
            society=locked.society,
            person=locked.person,
            tier=locked.tier,
            category=locked.category,
        )
        approved = workflow.apply(
            locked,
            "approve",
            actor=actor,
            comment=comment,
            changes={
                "membership": membership,
            },
            data={
                "membership": membership.pk,
                "number": membership.number,
                "confirmed_flagged": confirm_flagged,
            },
        )
        enqueue_on_commit(tasks.notify_application_decided, approved.pk)
    return approved


def reject_application(
    *, actor, application: MembershipApplication, comment: str = "", confirm_flagged: bool = False
) -> MembershipApplication:
    """Reject with a reason the applicant will read. (`confirm_flagged` is accepted for symmetry:
    the explicit confirmation of R-MEM-02 is needed to admit, not to refuse.)"""
    _require_decider(actor, application.society)
    workflow = MembershipApplication.workflow

    rejected = workflow.apply(
        application,
        "reject",
        actor=actor,
        comment=comment,
    )
    enqueue_on_commit(tasks.notify_application_decided, rejected.pk)
    return rejected


def self_selectable_tiers(society) -> list[str]:
    """The tiers an applicant may choose at `society` (its JoiningPolicy, else the default), never a
    secretariat-only tier. One query (none when the policy was fetched with select_related)."""
    try:
        tiers = society.joining_policy.self_selectable_tiers
    except JoiningPolicy.DoesNotExist:
        tiers = DEFAULT_SELF_SELECTABLE_TIERS
    return [str(t) for t in MembershipTier.values if t in tiers and t not in SECRETARIAT_ONLY_TIERS]


def set_self_selectable_tiers(*, actor, society, tiers) -> JoiningPolicy:
    """The society's secretariat (or CAST) sets the tiers applicants may choose; audited. A fellow or
    honorary membership is refused (R-MEM-01): the secretariat grants it, an applicant never picks it."""
    require(actor, society, CHANGE, _("Only the society's secretariat sets how it takes applications."))
    chosen = list(dict.fromkeys(str(t) for t in tiers or ()))
    for tier in chosen:
        _check_choice("tier", tier, MembershipTier.values)
        if tier in SECRETARIAT_ONLY_TIERS:
            raise DomainError(
                _("Fellows and honorary members are granted by the secretariat, not chosen by applicants."),
                rule="R-MEM-01",
                field="self_selectable_tiers",
            )
    if not chosen:
        raise DomainError(
            _("Choose at least one tier applicants may apply for."), field="self_selectable_tiers"
        )
    ordered = [t for t in MembershipTier.values if t in chosen]
    with transaction.atomic():
        policy, _created = JoiningPolicy.objects.select_for_update().get_or_create(society=society)
        before = list(policy.self_selectable_tiers)
        policy.self_selectable_tiers = ordered
        policy.save(update_fields=["self_selectable_tiers", "updated_at"])
        log_action(
            "members.joiningpolicy.changed",
            actor=actor,
            obj=policy,
            society=society,
            data={"from": before, "to": ordered},
        )
    return policy


def withdraw_application(
    *, actor, application: MembershipApplication, comment: str = ""
) -> MembershipApplication:
    """The applicant takes back their application while it still waits for a decision. Only the applicant
    (the account the person belongs to) may; anyone else is refused, and the refusal audited."""
    own = application.person.user_id is not None and application.person.user_id == getattr(actor, "pk", None)
    if not own:
        log_action(
            "core.access.denied_change",
            actor=actor,
            obj=application,
            society=application.society,
            data={"action": "withdraw", "model": "members.membershipapplication"},
            result="denied",
        )
        raise PermissionDenied(_("Only the applicant may withdraw an application."))
    # a deciding step: the workflow records the applicant, the time and the comment (core.models.Decided)
    return MembershipApplication.workflow.apply(application, "withdraw", actor=actor, comment=comment)
