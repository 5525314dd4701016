"""Major matters 重大事项 and the Party pre-review 前置审议 of them (R-PB-02)."""

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.constraints import FieldCheckConstraint
from core.models import Decided
from core.workflow import Transition, Workflow

from ..choices import Decision, MatterKind, MatterStatus


class MajorMatter(Decided):
    """A major matter that the council Party committee pre-reviews before it takes effect (R-PB-02):
    an annual plan, a large expenditure, a large donation, an award selection, a talent recommendation or
    an election. It may link to any object (generic relation); that object asks `party_building.gate`
    whether it is cleared. Returned matters are revised and resubmitted; every opinion is kept
    (MatterOpinion) and every earlier version of the text (history). An open matter the
    linked object no longer needs is withdrawn — kept for the record, never deleted."""

    society = models.ForeignKey(
        "societies.Society", verbose_name=_("society"), on_delete=models.PROTECT, related_name="major_matters"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=MatterKind.choices)
    amount = models.DecimalField(
        _("amount (CNY)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    is_foreign = models.BooleanField(_("foreign source"), default=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MatterStatus.choices, default=MatterStatus.PENDING
    )
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("linked object type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    object_id = models.PositiveBigIntegerField(_("linked object id"), null=True, blank=True)
    linked = GenericForeignKey("content_type", "object_id")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted for review"), default=timezone.now)
    history = HistoricalRecords()

    workflow = Workflow(
        Transition("approve", [MatterStatus.PENDING], MatterStatus.APPROVED, _("approve"), decides=True),
        Transition(
            "return", [MatterStatus.PENDING], MatterStatus.RETURNED, _("return for revision"), decides=True
        ),
        Transition("resubmit", [MatterStatus.RETURNED], MatterStatus.PENDING, _("resubmit"), reopens=True),
        Transition(
            "withdraw", [MatterStatus.PENDING, MatterStatus.RETURNED], MatterStatus.WITHDRAWN, _("withdraw")
        ),
    )

    class Meta:
        verbose_name = _("major matter")
        verbose_name_plural = _("major matters")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="matter_linked_idx"),
            models.Index(fields=["society", "status"], name="matter_society_status_idx"),
        ]
        constraints = [
            FieldCheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="matter_amount_not_negative",
                field="amount",
                violation_error_message=_("An amount cannot be negative."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("party_building:matter", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in (MatterStatus.PENDING, MatterStatus.RETURNED)

    @property
    def age_days(self) -> int:
        return (timezone.now() - self.submitted_at).days


class MatterOpinion(models.Model):
    """One written opinion of a Party reviewer on a major matter (approve or return). Never edited;
    a matter returned and resubmitted keeps every opinion given on it."""

    matter = models.ForeignKey(
        MajorMatter, verbose_name=_("major matter"), on_delete=models.CASCADE, related_name="opinions"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    opinion = models.TextField(_("opinion"))
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("pre-review opinion")
        verbose_name_plural = _("pre-review opinions")
        ordering = ["matter", "at", "id"]

    def __str__(self):
        return f"{self.matter} · {self.get_decision_display()}"


def live_matters(obj: models.Model) -> models.QuerySet:
    """The matters linked to `obj` that still count, latest first: a withdrawn matter is kept for the
    record only. (party_building.gate asks this; so does a workflow whose editability depends on it.)"""
    return (
        MajorMatter.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
        .exclude(status=MatterStatus.WITHDRAWN)
        .order_by("-created_at", "-id")
    )
