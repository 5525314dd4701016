"""Donations received and expenditures made by a society: they feed the pre-review thresholds (R-PB-02)
and the annual report."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.constraints import FieldCheckConstraint
from core.formats import money
from core.workflow import Transition, Workflow

from ..choices import FinanceStatus

_POSITIVE = [MinValueValidator(Decimal("0.01"))]


def _cny(amount) -> str:
    """¥800,000.00, as the pages show money (core's `money` filter)."""
    return money(amount)


class FinanceRecord(models.Model):
    """What a donation and an expenditure share: the society, the amount, the purpose, and the
    recorded → confirmed step that the Party pre-review gates (R-PB-02)."""

    society = models.ForeignKey(
        "societies.Society", verbose_name=_("society"), on_delete=models.PROTECT, related_name="%(class)ss"
    )
    amount = models.DecimalField(_("amount (CNY)"), max_digits=14, decimal_places=2, validators=_POSITIVE)
    purpose = models.CharField(_("purpose"), max_length=300)
    status = models.CharField(
        _("status"), max_length=20, choices=FinanceStatus.choices, default=FinanceStatus.RECORDED
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    workflow = Workflow(
        Transition("confirm", [FinanceStatus.RECORDED], FinanceStatus.CONFIRMED, _("confirm"))
    )

    class Meta:
        abstract = True

    def get_absolute_url(self):
        return reverse("party_building:finance_detail", args=[self._meta.model_name, self.pk])


class Donation(FinanceRecord):
    """A donation 捐赠 received by a society. A large one (≥ the large-donation threshold) or any foreign
    one needs an approved pre-review before it is confirmed (R-PB-02)."""

    donor = models.CharField(_("donor"), max_length=200)
    is_foreign = models.BooleanField(_("foreign source"), default=False)
    received_on = models.DateField(_("received"))

    class Meta:
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        ordering = ["-received_on", "-id"]
        constraints = [
            FieldCheckConstraint(
                condition=models.Q(amount__gt=0),
                name="donation_amount_positive",
                field="amount",
                violation_error_message=_("The amount must be greater than zero."),
            )
        ]

    def __str__(self):
        return f"{self.donor} {_cny(self.amount)}"


class Expenditure(FinanceRecord):
    """An expenditure 经费开支 of a society. One at or above the large-expenditure threshold needs an
    approved pre-review before it is confirmed (R-PB-02)."""

    spent_on = models.DateField(_("date"))

    class Meta:
        verbose_name = _("expenditure")
        verbose_name_plural = _("expenditures")
        ordering = ["-spent_on", "-id"]
        constraints = [
            FieldCheckConstraint(
                condition=models.Q(amount__gt=0),
                name="expenditure_amount_positive",
                field="amount",
                violation_error_message=_("The amount must be greater than zero."),
            )
        ]

    def __str__(self):
        return f"{self.purpose} {_cny(self.amount)}"
