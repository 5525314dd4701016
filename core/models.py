"""The audit trail: one append-only table every app writes through core.audit.log_action."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One thing that happened: who did what to which object, when, from which state to which, and why.

    Rows are never updated or deleted (policy: every state change is traceable; 等保2.0 L3 audit): the
    model refuses it, and on PostgreSQL a trigger (migration core 0004) refuses any UPDATE, and any DELETE
    but the retention purge's (core.tasks.purge_audit). Workflow history (`…/history/` in the API) is the
    subset of rows that carry a state change. `ip` and `channel` come from the request or task that wrote
    the row (core.audit's context), `society` is the society the object belongs to when known.
    """

    class Channel(models.TextChoices):
        WEB = "web", _("web")
        API = "api", _("API")
        TASK = "task", _("task")
        SYSTEM = "system", _("system")

    class Result(models.TextChoices):
        OK = "ok", _("done")
        DENIED = "denied", _("refused")
        FAILED = "failed", _("failed")

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64, blank=True)
    subject = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    from_status = models.CharField(_("from"), max_length=32, blank=True)
    to_status = models.CharField(_("to"), max_length=32, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices, default=Channel.SYSTEM)
    society = models.ForeignKey(
        "societies.Society",
        verbose_name=_("society"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    result = models.CharField(_("result"), max_length=8, choices=Result.choices, default=Result.OK)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "at"], name="audit_subject_idx"),
            models.Index(fields=["society", "at"], name="audit_society_idx"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Audit entries are append-only.")


class RuleSettingValue(models.Model):
    """A CAST administrator's override of a rule threshold (defaults live in core.rule_settings)."""

    key = models.CharField(_("setting"), max_length=60, unique=True)
    value = models.CharField(_("value"), max_length=100)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("rule setting")
        verbose_name_plural = _("rule settings")

    def __str__(self):
        return f"{self.key}={self.value}"


class Decided(models.Model):
    """Who decided an object, when, and what they wrote: the three fields every decided record carries
    (a filing, a branch proposal, an application, a profile change, a major matter, an annual report).

    A workflow step declared with `Transition(..., decides=True)` fills them in `Workflow.apply` (the actor,
    the time, the step's comment); a step with `reopens=True` (a resubmission) clears them, so services
    never set them by hand. The full sequence of decisions stays in the audit trail; these fields hold the
    latest one, for lists, notices and the record page.
    """

    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    comment = models.TextField(_("decision comment"), blank=True)

    class Meta:
        abstract = True


class JobStatus(models.TextChoices):
    """The states of every job row (a compliance sweep, a report, an export): the values on the wire."""

    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Job(models.Model):
    """A long user-visible piece of work done by a Celery worker (STYLE.md §4): who asked, when it ran,
    its status and progress (0–100) that the job's page polls with htmx (core.jobs), and the error of a
    failed run. Compliance sweeps, reports and member exports are jobs; each adds what it produces."""

    status = models.CharField(_("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    def record_failure(self, exc: BaseException) -> None:
        """Mark the job failed with the exception's type and text (an UPDATE outside the job's own
        transaction, which the failure rolled back); the page shows it and offers a retry."""
        type(self)._default_manager.filter(pk=self.pk).update(
            status=JobStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now()
        )

    def set_progress(self, value: int) -> None:
        """Write the progress alone (an UPDATE of one column, outside the job's own transaction)."""
        value = max(0, min(100, int(value)))
        type(self)._default_manager.filter(pk=self.pk).update(progress=value)
        self.progress = value
