"""Branch and representative offices. The full workflow arrives with the branches issue."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from societies.models import Society


class BranchKind(models.TextChoices):
    BRANCH = "branch", _("Branch office")
    REPRESENTATIVE = "representative", _("Representative office")
    OVERSEAS = "overseas", _("Overseas branch/representative office")


class BranchStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    SUBMITTED = "submitted", _("Submitted")
    ACTIVE = "active", _("Active")
    REJECTED = "rejected", _("Rejected")
    RECTIFYING = "rectifying", _("Rectifying")
    REVOKED = "revoked", _("Revoked")


class Branch(models.Model):
    """A branch office (分支机构) of a society. It belongs to a society and never to another branch:
    there is deliberately no parent field (R-BR-01). Branch officers get their rights on this object."""

    society = models.ForeignKey(
        Society, verbose_name=_("society"), on_delete=models.PROTECT, related_name="branches"
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=BranchKind.choices, default=BranchKind.BRANCH)
    business_scope = models.JSONField(_("business scope codes"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=BranchStatus.choices, default=BranchStatus.PROPOSED
    )
    established_on = models.DateField(_("established"), null=True, blank=True)

    class Meta:
        verbose_name = _("branch office")
        verbose_name_plural = _("branch offices")
        ordering = ["society", "name"]
        constraints = [
            models.UniqueConstraint(fields=["society", "name"], name="branch_name_unique_in_society")
        ]
        permissions = [("manage_branch", _("Run the branch office as its officer"))]

    def __str__(self):
        return self.name
