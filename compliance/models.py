"""Compliance findings (合规问题): what a rule of DOMAIN.md found wrong, about which society and object,
and how it was followed up (acknowledged, rectified, resolved or dismissed with a reason)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.constraints import FieldCheckConstraint, FieldUniqueConstraint
from core.models import Job
from core.workflow import Transition, Workflow

from .choices import UNRESOLVED, FindingStatus, Severity, SweepStatus, SweepTrigger


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
    rectification = models.TextField(_("rectification"), blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    opened_by_sweep = models.ForeignKey(
        "compliance.Sweep",
        verbose_name=_("opened by sweep"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opened_findings",
    )
    resolved_by_sweep = models.ForeignKey(
        "compliance.Sweep",
        verbose_name=_("resolved by sweep"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resolved_findings",
    )

    workflow = Workflow(
        Transition("acknowledge", [FindingStatus.OPEN], FindingStatus.ACKNOWLEDGED, _("acknowledge")),
        Transition(
            "rectify",
            [FindingStatus.OPEN, FindingStatus.ACKNOWLEDGED],
            FindingStatus.RECTIFYING,
            _("rectify"),
        ),
        Transition(
            "send_back",
            [FindingStatus.RECTIFYING],
            FindingStatus.ACKNOWLEDGED,
            _("return"),
            reason_required=_("Say what is still missing from the rectification."),
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
            models.Index(fields=["status", "deadline"], name="finding_deadline_idx"),
            # The findings list's ordering, and the same within one society.
            models.Index(fields=["-opened_at", "-id"], name="finding_opened_idx"),
            models.Index(fields=["society", "-opened_at", "-id"], name="finding_society_opened_idx"),
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
    def text(self) -> str:
        """The message in the reader's language: rebuilt from the facts by the rule's check when the
        engine opened it, else as it was written when opened."""
        from .registry import check_for  # the registry imports the apps' checks, which import models

        check = check_for(self.rule, self.content_type_id) if self.opened_by_sweep_id else None
        return check.render(self.facts) if check else self.message

    @property
    def subject_type(self) -> str:
        if self.content_type_id is None:
            return ""
        ct = ContentType.objects.get_for_id(self.content_type_id)
        return f"{ct.app_label}.{ct.model}"


def evidence_path(instance, filename: str) -> str:
    return f"findings/{timezone.localdate():%Y/%m}/{instance.finding_id}-{filename[-80:]}"


class Evidence(models.Model):
    """A document the society uploads to show a finding was put right (checked by content, core.uploads;
    served only to who may see the finding)."""

    finding = models.ForeignKey(
        Finding, verbose_name=_("finding"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=evidence_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name


class Sweep(Job):
    """One run of the compliance engine over all societies (or one): a job row the pages poll for
    progress, the counts it produced, and per rule how many subjects failed — the history the
    dashboard's trend is drawn from. `checks_done` lets a rerun after a killed worker carry on."""

    status = models.CharField(
        _("status"), max_length=20, choices=SweepStatus.choices, default=SweepStatus.QUEUED, db_index=True
    )
    trigger = models.CharField(
        _("started by"), max_length=20, choices=SweepTrigger.choices, default=SweepTrigger.MANUAL
    )
    society = models.ForeignKey(
        "societies.Society",
        verbose_name=_("society"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty: every society."),
    )
    findings_opened = models.PositiveIntegerField(_("findings opened"), default=0)
    findings_resolved = models.PositiveIntegerField(_("findings resolved"), default=0)
    findings_escalated = models.PositiveIntegerField(_("findings escalated"), default=0)
    open_after = models.PositiveIntegerField(_("unresolved findings after the sweep"), null=True, blank=True)
    checks_done = models.JSONField(_("checks done"), default=list, blank=True)
    stats = models.JSONField(_("results per rule"), default=dict, blank=True)

    class Meta:
        verbose_name = _("compliance sweep")
        verbose_name_plural = _("compliance sweeps")
        ordering = ["-created_at", "-id"]
        constraints = [
            FieldCheckConstraint(
                condition=Q(progress__lte=100),
                name="sweep_progress_at_most_100",
                field="progress",
                violation_error_message=_("Progress is at most 100%."),
            ),
        ]

    def __str__(self):
        return f"#{self.pk} · {self.get_status_display()}"


class Digest(models.Model):
    """The e-mail digest a society's secretaries got on one day (at most one a day, whatever reruns)."""

    society = models.ForeignKey(
        "societies.Society", verbose_name=_("society"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("day"))
    new = models.PositiveIntegerField(_("new findings"), default=0)
    overdue = models.PositiveIntegerField(_("overdue findings"), default=0)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("findings digest")
        verbose_name_plural = _("findings digests")
        constraints = [
            FieldUniqueConstraint(
                fields=["society", "day"],
                name="digest_once_a_day",
                field="day",
                violation_error_message=_("This society already got its digest today."),
            )
        ]

    def __str__(self):
        return f"{self.society_id} · {self.day}"
