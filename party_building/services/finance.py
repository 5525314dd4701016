"""Recording and confirming donations and expenditures; large or foreign ones are gated (R-PB-02)."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from core.access import CHANGE, require
from core.audit import log_action
from core.errors import DomainError

from ..choices import MatterKind
from ..gate import ensure_cleared, matter_for, needs_pre_review, require_matter
from ..models import Donation, Expenditure


def _check_amount(amount) -> Decimal:
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, TypeError, ValueError):
        value = Decimal(0)
    if value <= 0:
        raise DomainError(_("The amount must be greater than zero."), field="amount")
    return value


def _money(amount) -> str:
    return f"{Decimal(amount):,.2f}"


def _donation_matter(donation: Donation, actor):
    return require_matter(
        donation,
        kind=MatterKind.LARGE_DONATION,
        society=donation.society,
        title=_("Donation of ¥%(amount)s from %(donor)s")
        % {"amount": _money(donation.amount), "donor": donation.donor},
        actor=actor,
        amount=donation.amount,
        is_foreign=donation.is_foreign,
        description=donation.purpose,
    )


def _expenditure_matter(expenditure: Expenditure, actor):
    return require_matter(
        expenditure,
        kind=MatterKind.LARGE_EXPENDITURE,
        society=expenditure.society,
        title=_("Expenditure of ¥%(amount)s: %(purpose)s")
        % {"amount": _money(expenditure.amount), "purpose": expenditure.purpose},
        actor=actor,
        amount=expenditure.amount,
        description=expenditure.purpose,
    )


def record_donation(*, actor, society, donor, amount, purpose, received_on, is_foreign=False) -> Donation:
    """Record a donation; a large or foreign one opens its pre-review matter at once."""
    require(actor, society, CHANGE, _("Only the society's secretariat records its donations."))
    amount = _check_amount(amount)
    with transaction.atomic():
        donation = Donation.objects.create(
            society=society,
            donor=donor,
            amount=amount,
            is_foreign=bool(is_foreign),
            purpose=purpose,
            received_on=received_on,
            recorded_by=actor,
        )
        log_action(
            "party_building.donation.recorded",
            actor=actor,
            obj=donation,
            to_status=donation.status,
            data={"amount": str(amount), "is_foreign": bool(is_foreign)},
        )
        if needs_pre_review(MatterKind.LARGE_DONATION, amount, is_foreign):
            _donation_matter(donation, actor)
    return donation


def record_expenditure(*, actor, society, amount, purpose, spent_on) -> Expenditure:
    """Record an expenditure; one at or above the threshold opens its pre-review matter at once."""
    require(actor, society, CHANGE, _("Only the society's secretariat records its expenditures."))
    amount = _check_amount(amount)
    with transaction.atomic():
        expenditure = Expenditure.objects.create(
            society=society, amount=amount, purpose=purpose, spent_on=spent_on, recorded_by=actor
        )
        log_action(
            "party_building.expenditure.recorded",
            actor=actor,
            obj=expenditure,
            to_status=expenditure.status,
            data={"amount": str(amount)},
        )
        if needs_pre_review(MatterKind.LARGE_EXPENDITURE, amount):
            _expenditure_matter(expenditure, actor)
    return expenditure


def confirm_donation(*, actor, donation: Donation, comment: str = "") -> Donation:
    """Confirm a donation — refused with R-PB-02 while its pre-review is not approved."""
    require(actor, donation.society, CHANGE, _("Only the society's secretariat confirms its donations."))
    with transaction.atomic():
        # A threshold lowered since recording still gates: open the matter now (kept), then refuse.
        if matter_for(donation) is None and needs_pre_review(
            MatterKind.LARGE_DONATION, donation.amount, donation.is_foreign
        ):
            _donation_matter(donation, actor)
    return Donation.workflow.apply(donation, "confirm", actor=actor, comment=comment, check=ensure_cleared)


def confirm_expenditure(*, actor, expenditure: Expenditure, comment: str = "") -> Expenditure:
    """Confirm an expenditure — refused with R-PB-02 while its pre-review is not approved."""
    require(
        actor, expenditure.society, CHANGE, _("Only the society's secretariat confirms its expenditures.")
    )
    with transaction.atomic():
        if matter_for(expenditure) is None and needs_pre_review(
            MatterKind.LARGE_EXPENDITURE, expenditure.amount
        ):
            _expenditure_matter(expenditure, actor)
    return Expenditure.workflow.apply(
        expenditure, "confirm", actor=actor, comment=comment, check=ensure_cleared
    )
