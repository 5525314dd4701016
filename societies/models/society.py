"""The national society (全国学会) — the object every other record of the portal hangs off."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.workflow import Transition, Workflow

from ..choices import Discipline, SocietyStatus
from ..validators import validate_credit_code

# A society's legal status changes only with a stated reason (it goes to the regulator's record).
STATUS_REASON = _("Give the reason for this status change.")


class Society(models.Model):
    """A national society under CAST's supervision (业务主管单位 = CAST).

    Its registration (统一社会信用代码) and business scope (业务范围, GB/T 13745 codes) bound
    what its branches and activities may do (R-BR-02, R-ACT-01). Secretaries and Party
    reviewers receive their rights on this object (core.roles).
    """

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    discipline = models.CharField(_("discipline group"), max_length=20, choices=Discipline.choices)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, validators=[validate_credit_code]
    )
    founded_on = models.DateField(_("founded"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=SocietyStatus.choices, default=SocietyStatus.ACTIVE
    )
    business_scope = models.JSONField(_("business scope codes"), default=list, blank=True)
    business_scope_text = models.TextField(_("business scope"), blank=True)
    secretary_general_full_time = models.BooleanField(_("secretary-general full-time"), default=False)
    # What a visitor needs to reach the society (its public page); kept by its secretariat.
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    history = HistoricalRecords()

    workflow = Workflow(
        Transition(
            "suspend",
            [SocietyStatus.ACTIVE],
            SocietyStatus.SUSPENDED,
            _("suspend"),
            reason_required=STATUS_REASON,
        ),
        Transition(
            "reinstate",
            [SocietyStatus.SUSPENDED],
            SocietyStatus.ACTIVE,
            _("reinstate"),
            reason_required=STATUS_REASON,
        ),
        Transition(
            "deregister",
            [SocietyStatus.ACTIVE, SocietyStatus.SUSPENDED],
            SocietyStatus.DEREGISTERED,
            _("deregister"),
            reason_required=STATUS_REASON,
        ),
    )

    class Meta:
        verbose_name = _("society")
        verbose_name_plural = _("societies")
        ordering = ["code"]
        permissions = [
            ("manage_society", _("Act as the society's secretariat")),
            ("review_society", _("Pre-review the society's major matters as Party reviewer")),
            ("review_awards", _("Review the nominations of the society's award rounds")),
        ]

    def __str__(self):
        return self.name
