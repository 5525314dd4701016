"""Activity filings (业务活动备案): what a society or one of its branches plans to hold, and CAST's review."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.constraints import FieldCheckConstraint, FieldUniqueConstraint
from core.models import Decided
from core.workflow import Editable, Transition, Workflow

from .choices import ActivityKind, ActivityRole, ActivityStatus

MONEY = {"max_digits": 14, "decimal_places": 2, "default": 0, "validators": [MinValueValidator(Decimal(0))]}
# Money is never negative: a negative budget would slip past R-ACT-03/05's "> 0" checks.
_NOT_NEGATIVE = _("An amount cannot be negative.")


class Activity(Decided):
    """A forum, seminar, conference, popular-science event, training, evaluation/commendation, overseas
    exchange … filed by a society (optionally for one of its branches) before it is held (R-ACT-01..06,
    R-EVAL-01..03). Each submission is kept as an ActivityVersion; nothing submitted is ever lost."""

    society = models.ForeignKey(
        "societies.Society", verbose_name=_("society"), on_delete=models.PROTECT, related_name="activities"
    )
    branch = models.ForeignKey(
        "branches.Branch",
        verbose_name=_("branch office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=ActivityKind.choices)
    role = models.CharField(
        _("the society's role"), max_length=20, choices=ActivityRole.choices, default=ActivityRole.HOST
    )
    duties = models.TextField(
        _("the society's duties"),
        blank=True,
        help_text=_("What the society itself does: a host or co-host carries real duties."),
    )
    name_only = models.BooleanField(_("name only (挂名)"), default=False)
    partners = models.TextField(_("partners"), blank=True)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    location = models.CharField(_("place"), max_length=200)
    is_overseas = models.BooleanField(_("held overseas"), default=False)
    scope_codes = models.JSONField(_("scope codes"), default=list, blank=True)
    participants = models.PositiveIntegerField(_("expected participants"), default=0)
    budget = models.DecimalField(_("budget (CNY)"), **MONEY)
    participant_fee = models.DecimalField(_("fee per participant (CNY)"), **MONEY)
    fee_to_society = models.DecimalField(_("fee to the society (CNY)"), **MONEY)
    requires_member_sponsorship = models.BooleanField(
        _("requires members or participants to sponsor, donate or buy"), default=False
    )
    foreign_partner = models.CharField(_("foreign partner"), max_length=200, blank=True)
    foreign_donation = models.DecimalField(_("foreign donation (CNY)"), **MONEY)
    foreign_affairs_approval_ref = models.CharField(
        _("foreign-affairs approval reference"), max_length=100, blank=True
    )
    approval_ref = models.CharField(
        _("approval reference (evaluation/commendation)"), max_length=100, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.DRAFT
    )
    is_late = models.BooleanField(_("filed late"), default=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    actual_participants = models.PositiveIntegerField(_("actual participants"), null=True, blank=True)
    summary = models.TextField(_("summary after the event"), blank=True)

    workflow = Workflow(
        Transition(
            "submit", [ActivityStatus.DRAFT, ActivityStatus.RETURNED], ActivityStatus.SUBMITTED, _("submit")
        ),
        Transition(
            "approve", [ActivityStatus.SUBMITTED], ActivityStatus.APPROVED, _("approve"), decides=True
        ),
        Transition(
            "return",
            [ActivityStatus.SUBMITTED],
            ActivityStatus.RETURNED,
            _("return"),
            reason_required=_("Say what must change: a returned filing needs a comment."),
            decides=True,
        ),
        Transition(
            "reject",
            [ActivityStatus.SUBMITTED],
            ActivityStatus.REJECTED,
            _("reject"),
            reason_required=_("Give the reason for the rejection."),
            decides=True,
        ),
        # What was submitted stays as it was: content and attachments change only before submission or
        # after CAST returned the filing.
        editable=Editable(
            [ActivityStatus.DRAFT, ActivityStatus.RETURNED],
            _("Only a draft or a returned filing can be edited."),
        ),
    )

    class Meta:
        verbose_name = _("activity filing")
        verbose_name_plural = _("activity filings")
        ordering = ["-starts_on", "-id"]
        indexes = [
            models.Index(fields=["status", "submitted_at"], name="activity_queue_idx"),
            models.Index(fields=["society", "status"], name="activity_society_idx"),
            models.Index(fields=["branch", "status", "ends_on"], name="activity_branch_idx"),
            # The lists' ordering; title and location searches use trigram indexes (migration 0004).
            models.Index(fields=["-starts_on", "-id"], name="activity_starts_idx"),
            models.Index(fields=["society", "-starts_on", "-id"], name="activity_society_starts_idx"),
        ]
        constraints = [
            FieldCheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="activity_dates_ordered",
                field="ends_on",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            *[
                FieldCheckConstraint(
                    condition=Q(**{f"{money}__gte": 0}),
                    name=f"activity_{money}_not_negative",
                    field=money,
                    violation_error_message=_NOT_NEGATIVE,
                )
                for money in ("budget", "participant_fee", "fee_to_society", "foreign_donation")
            ],
        ]

    def __str__(self):
        return self.title


class ActivityVersion(models.Model):
    """What was submitted, each time it was submitted: reviewers diff consecutive versions."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    data = models.JSONField(_("submitted data"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)

    class Meta:
        verbose_name = _("filing version")
        verbose_name_plural = _("filing versions")
        ordering = ["activity", "number"]
        constraints = [
            FieldUniqueConstraint(
                fields=["activity", "number"],
                name="activity_version_unique",
                field="number",
                violation_error_message=_("This filing already has a version with this number."),
            )
        ]

    def __str__(self):
        return f"{self.activity} v{self.number}"


def attachment_path(instance, filename):
    return f"activities/{instance.activity_id}/{timezone.now():%Y%m%d%H%M%S}-{filename}"


class Attachment(models.Model):
    """A document attached to a filing. Stored under MEDIA_ROOT (outside the web root) and served only
    through a view that checks the user may see the filing."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["activity", "uploaded_at"]

    def __str__(self):
        return self.original_name
