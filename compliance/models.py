"""Compliance findings (合规问题): what a rule of DOMAIN.md found wrong, about which society and object,
and how it was followed up (acknowledged, rectified, resolved or dismissed with a reason)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.constraints import FieldUniqueConstraint
from core.workflow import Transition, Workflow

from .choices import UNRESOLVED, FindingStatus, Severity


class Finding(models.Model):
    """One problem a rule found (e.g. R-BR-05 "branch long inactive"): the society concerned, the object it
    is about (a branch, a filing, … or none for society-wide findings), the facts the rule saw, and the
    follow-up. A rule opens at most one unresolved finding per subject (see services.open_finding)."""

    rule = models.CharField(_("rule"), max_length=20, db_index=True)
    severity = models.CharField(_("severity"), max_length=20, choices=Severity.choices)
    society = models.ForeignKey(
        "societies.Society", verbose_name=_("society"), on_delete=models.PROTECT, related_name="findings"
    )
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("subject type"), null=True, blank=True, on_delete=models.PROTECT
    )
    object_id = models.CharField(_("subject id"), max_length=64, null=True, blank=True)
    subject = GenericForeignKey("content_type", "object_id")
    message = models.TextField(_("message"))
    facts = models.JSONField(_("facts"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closing_comment = models.TextField(_("closing comment"), blank=True)

    workflow = Workflow(
        Transition("acknowledge", [FindingStatus.OPEN], FindingStatus.ACKNOWLEDGED, _("acknowledge")),
        Transition(
            "rectify",
            [FindingStatus.OPEN, FindingStatus.ACKNOWLEDGED],
            FindingStatus.RECTIFYING,
            _("rectify"),
        ),
        Transition("resolve", UNRESOLVED, FindingStatus.RESOLVED, _("resolve")),
        Transition("dismiss", UNRESOLVED, FindingStatus.DISMISSED, _("dismiss")),
    )

    class Meta:
        verbose_name = _("compliance finding")
        verbose_name_plural = _("compliance findings")
        ordering = ["-opened_at", "-id"]
        indexes = [
            models.Index(fields=["rule", "content_type", "object_id", "status"], name="finding_subject_idx"),
            models.Index(fields=["society", "status"], name="finding_society_idx"),
        ]
        constraints = [
            # One unresolved finding per rule and subject, whatever the race (services.open_finding).
            FieldUniqueConstraint(
                fields=["rule", "content_type", "object_id"],
                condition=Q(status__in=[s.value for s in UNRESOLVED]),
                name="finding_one_unresolved_per_subject",
                field="rule",
                violation_error_message=_("This rule already has an unresolved finding on this subject."),
            ),
        ]

    def __str__(self):
        return f"{self.rule} · {self.message[:60]}"

    @property
    def is_unresolved(self) -> bool:
        return self.status in UNRESOLVED

    @property
    def is_overdue(self) -> bool:
        return bool(self.deadline and self.is_unresolved and self.deadline < timezone.localdate())

    @property
    def subject_type(self) -> str:
        if self.content_type_id is None:
            return ""
        ct = ContentType.objects.get_for_id(self.content_type_id)
        return f"{ct.app_label}.{ct.model}"
