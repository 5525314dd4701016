"""Three-level Party organizations of a society (R-PB-04)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.constraints import FieldCheckConstraint, FieldUniqueConstraint

from ..choices import PartyLevel


class PartyOrganization(models.Model):
    """A Party organization 党组织 of a society at one of three levels: the council Party committee
    理事会党委, the office Party organization 办事机构党组织, or the Party organization of a branch
    office 分支机构党组织 (R-PB-04). A society has at most one of the first two; a branch at most one."""

    society = models.ForeignKey(
        "societies.Society",
        verbose_name=_("society"),
        on_delete=models.PROTECT,
        related_name="party_organizations",
    )
    level = models.CharField(_("level"), max_length=20, choices=PartyLevel.choices)
    branch = models.ForeignKey(
        "branches.Branch",
        verbose_name=_("branch office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="party_organizations",
    )
    secretary_name = models.CharField(_("Party secretary"), max_length=100, blank=True)
    members_count = models.PositiveIntegerField(_("Party members"), default=0)
    established_on = models.DateField(_("established"), null=True, blank=True)

    class Meta:
        verbose_name = _("Party organization")
        verbose_name_plural = _("Party organizations")
        ordering = ["society", "level", "branch__name"]
        constraints = [
            FieldUniqueConstraint(
                fields=["society", "level"],
                condition=~Q(level="branch"),
                name="one_party_org_per_society_level",
                field="level",
                rule="R-PB-04",
                violation_error_message=_("This society already has a Party organization at this level."),
            ),
            FieldUniqueConstraint(
                fields=["branch"],
                condition=Q(level="branch"),
                name="one_party_org_per_branch",
                field="branch",
                rule="R-PB-04",
                violation_error_message=_("This branch office already has a Party organization."),
            ),
            FieldCheckConstraint(
                condition=(Q(level="branch") & Q(branch__isnull=False))
                | (~Q(level="branch") & Q(branch__isnull=True)),
                name="party_org_branch_iff_branch_level",
                field="branch",
                rule="R-PB-04",
                violation_error_message=_(
                    "A branch-office Party organization names its branch office; the other levels name none."
                ),
            ),
        ]

    def __str__(self):
        if self.branch_id:
            return f"{self.branch} · {self.get_level_display()}"
        return f"{self.society} · {self.get_level_display()}"
