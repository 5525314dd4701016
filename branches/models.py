"""Branch and representative offices (分支机构/代表机构) of a society, their establishing resolutions,
officers and yearly assessments."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.constraints import FieldCheckConstraint, FieldUniqueConstraint
from core.errors import DomainError
from core.models import Decided
from core.workflow import Editable, Transition, Workflow
from societies.models import Society

from . import rules
from .choices import (
    STATUS_BADGES,
    AssessmentGrade,
    BranchKind,
    BranchStatus,
    OfficerPosition,
    ResolutionBody,
)

__all__ = [
    "Branch",
    "BranchAssessment",
    "BranchKind",
    "BranchOfficer",
    "BranchResolution",
    "BranchStatus",
]


# Rejecting a proposal or revoking a branch is explained to the society (CAST writes why).
REASON = _("Give the reason; the society sees it.")


class Branch(Decided):
    """A branch office (分支机构) of a society. It belongs to a society and never to another branch:
    there is deliberately no parent field (R-BR-01). Set up by a resolution of the council (R-BR-03),
    approved by CAST, assessed yearly and revoked when long inactive (R-BR-05) — revoked branches stay.
    Branch officers get their rights on this object."""

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
    purpose = models.TextField(_("purpose and activities planned"), blank=True)
    over_ceiling_reason = models.TextField(
        _("reason for a branch over the ceiling"),
        blank=True,
        help_text=_("Required when the society is at its branch ceiling (R-BR-04)."),
    )
    needs_cast_attention = models.BooleanField(_("needs CAST's attention"), default=False)
    rectification_deadline = models.DateField(_("rectification deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    revoked_on = models.DateField(_("revoked"), null=True, blank=True)
    # Derived, never typed: the latest day (end, or start) of an approved activity filing of this branch,
    # kept by branches.activity_dates whenever a filing is saved or deleted. R-BR-05's inactivity test
    # and the clean-up list read it instead of searching the filings of every branch each time.
    last_activity_on = models.DateField(_("last approved activity"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # Every edit of a branch (rename, scope) is kept field by field.
    history = HistoricalRecords(excluded_fields=["last_activity_on"])  # derived from the filings

    workflow = Workflow(
        Transition("submit", [BranchStatus.PROPOSED], BranchStatus.SUBMITTED, _("submit")),
        Transition("approve", [BranchStatus.SUBMITTED], BranchStatus.ACTIVE, _("approve"), decides=True),
        Transition(
            "reject",
            [BranchStatus.SUBMITTED],
            BranchStatus.REJECTED,
            _("reject"),
            reason_required=REASON,
            decides=True,
        ),
        Transition("flag", [BranchStatus.ACTIVE], BranchStatus.RECTIFYING, _("put under rectification")),
        Transition("rectified", [BranchStatus.RECTIFYING], BranchStatus.ACTIVE, _("confirm rectified")),
        Transition(
            "revoke",
            [BranchStatus.ACTIVE, BranchStatus.RECTIFYING],
            BranchStatus.REVOKED,
            _("revoke"),
            reason_required=REASON,
            decides=True,
        ),
        # Nothing changes while CAST decides a proposal, nor once a branch is rejected or revoked. The
        # branch's own officer may edit too (CHANGE reaches them); renames are the secretariat's (services).
        editable=Editable(
            [BranchStatus.PROPOSED, BranchStatus.ACTIVE, BranchStatus.RECTIFYING],
            {
                BranchStatus.SUBMITTED: _(
                    "The proposal is with CAST; it cannot change until CAST has decided."
                ),
                BranchStatus.REVOKED: _("A revoked or rejected branch office is kept as it was."),
                BranchStatus.REJECTED: _("A revoked or rejected branch office is kept as it was."),
            },
        ),
    )

    class Meta:
        verbose_name = _("branch office")
        verbose_name_plural = _("branch offices")
        ordering = ["society", "name"]
        constraints = [
            FieldUniqueConstraint(
                fields=["society", "name"],
                name="branch_name_unique_in_society",
                field="name",
                violation_error_message=_("The society already has a branch office with this name."),
            ),
            FieldCheckConstraint(
                condition=Q(kind__in=[k.value for k in BranchKind]),
                name="branch_kind_known",
                field="kind",
                violation_error_message=_("Unknown kind of branch office."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "society"], name="branch_status_idx"),
            # The lists' ordering; the name search uses a trigram index (migration 0005).
            models.Index(fields=["society", "name"], name="branch_society_name_idx"),
        ]
        permissions = [("manage_branch", _("Run the branch office as its officer"))]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # The last guard of R-BR-01, whatever route reached the model (shell, fixtures, admin).
        rules.check_nesting(name=self.name, kind=self.kind)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("branches:detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        raise DomainError(_("Branch offices are never deleted; revoke it instead and it stays on record."))

    @property
    def badge_class(self) -> str:
        return STATUS_BADGES.get(self.status, "text-bg-secondary")

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.status == BranchStatus.RECTIFYING
            and self.rectification_deadline
            and self.rectification_deadline < timezone.localdate()
        )

    def clean(self):
        try:
            rules.check_nesting(name=self.name, kind=self.kind)
            if self.society_id:
                rules.check_scope(self.business_scope, self.society)
        except DomainError as exc:
            raise _as_validation_error(exc) from None


def _as_validation_error(exc: DomainError) -> ValidationError:
    message = f"{exc.message} [{exc.rule}]" if exc.rule else str(exc.message)
    return ValidationError({exc.field: message} if exc.field else message)


def resolution_path(instance, filename):
    return f"branches/resolutions/{instance.branch_id}/{timezone.now():%Y%m%d%H%M%S}-{filename}"


class BranchResolution(models.Model):
    """The establishing resolution 设立决议 (R-BR-03): the council or standing council met with a quorum and
    a majority voted for setting up the branch. The signed minutes are uploaded as a document (stored
    under MEDIA_ROOT and served only through a view that checks access)."""

    branch = models.OneToOneField(
        Branch, verbose_name=_("branch office"), on_delete=models.PROTECT, related_name="resolution"
    )
    body = models.CharField(
        _("body"), max_length=20, choices=ResolutionBody.choices, default=ResolutionBody.COUNCIL
    )
    held_on = models.DateField(_("held on"))
    seats = models.PositiveIntegerField(_("seats"))
    present = models.PositiveIntegerField(_("present"))
    votes_for = models.PositiveIntegerField(_("votes for"))
    votes_against = models.PositiveIntegerField(_("votes against"), default=0)
    abstain = models.PositiveIntegerField(_("abstentions"), default=0)
    document = models.FileField(_("document"), upload_to=resolution_path, blank=True)
    document_name = models.CharField(_("file name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("establishing resolution")
        verbose_name_plural = _("establishing resolutions")

    def __str__(self):
        return f"{self.branch} · {self.get_body_display()} {self.held_on}"


class BranchOfficer(models.Model):
    """A leader of a branch office (主任委员, 副主任委员, 秘书长, 委员): a known person or just a name."""

    branch = models.ForeignKey(
        Branch, verbose_name=_("branch office"), on_delete=models.PROTECT, related_name="officers"
    )
    person = models.ForeignKey(
        "members.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="branch_posts",
    )
    name = models.CharField(_("name"), max_length=100)
    position = models.CharField(_("position"), max_length=30, choices=OfficerPosition.choices)
    since = models.DateField(_("since"), null=True, blank=True)

    class Meta:
        verbose_name = _("branch officer")
        verbose_name_plural = _("branch officers")
        ordering = ["branch", "position", "name"]

    def __str__(self):
        return f"{self.name} · {self.get_position_display()}"


class BranchAssessment(models.Model):
    """The yearly dynamic assessment 动态考核 of a branch office (R-BR-05): activities filed and approved that
    year (counted from the filings), members served, and a grade with its reason."""

    branch = models.ForeignKey(
        Branch, verbose_name=_("branch office"), on_delete=models.PROTECT, related_name="assessments"
    )
    year = models.PositiveIntegerField(_("year"))
    activities_filed = models.PositiveIntegerField(_("activities filed"), default=0)
    activities_approved = models.PositiveIntegerField(_("activities approved"), default=0)
    members_served = models.PositiveIntegerField(_("members served"), default=0)
    grade = models.CharField(_("grade"), max_length=20, choices=AssessmentGrade.choices)
    reason = models.TextField(_("reason"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assessed_at = models.DateTimeField(_("assessed"), default=timezone.now)

    class Meta:
        verbose_name = _("branch assessment")
        verbose_name_plural = _("branch assessments")
        ordering = ["branch", "-year"]
        constraints = [
            FieldUniqueConstraint(
                fields=["branch", "year"],
                name="branch_assessment_one_per_year",
                field="year",
                rule="R-BR-05",
                violation_error_message=_("This branch office has already been assessed for this year."),
            )
        ]

    def __str__(self):
        return f"{self.branch} · {self.year} · {self.get_grade_display()}"
