"""Generated reports and the annual work report (年度工作报告, R-GOV-05).

A `Report` is one generated file: its kind, its subject (a society, or all) and year, and a version number
that grows with every generation of the same kind, subject and year — a new generation never overwrites an
earlier file. The row is the job the pages poll (status, progress, error) while a worker renders it.

An `AnnualReport` is the society's report for one year as a piece of work: the secretary's narrative
sections, the generated versions (Reports of kind `annual_report`), and its workflow — draft → submitted →
accepted, or returned with CAST's reason and resubmitted. Every step and opinion is in the audit trail.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.constraints import FieldUniqueConstraint
from core.models import Decided, Job
from core.workflow import Editable, Transition, Workflow

from .choices import AnnualReportStatus, ReportKind

S = AnnualReportStatus

# The narrative sections a secretary writes, in the order the report prints them.
NARRATIVE_SECTIONS = {
    "overview": _("Overview of the year"),
    "academic": _("Academic exchange and leadership"),
    "service": _("Services to members, popular science and industry"),
    "party": _("Party building in the secretariat's words"),
    "plans": _("Problems and next year's plans"),
}


def report_path(instance, filename: str) -> str:
    return f"reports/{instance.kind}/{timezone.localdate():%Y}/{filename}"


class AnnualReport(Decided):
    society = models.ForeignKey(
        "societies.Society",
        verbose_name=_("society"),
        on_delete=models.PROTECT,
        related_name="annual_reports",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=20, choices=S.choices, default=S.DRAFT)
    narrative = models.JSONField(_("narrative"), default=dict, blank=True)
    report = models.ForeignKey(
        "reports.Report",
        verbose_name=_("submitted version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("opened"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    workflow = Workflow(
        Transition("submit", [S.DRAFT, S.RETURNED], S.SUBMITTED, _("submit")),
        Transition("accept", [S.SUBMITTED], S.ACCEPTED, _("accept"), decides=True),
        Transition(
            "send_back",
            [S.SUBMITTED],
            S.RETURNED,
            _("return"),
            reason_required=_("Say what the society must revise."),
            decides=True,
        ),
        editable=Editable(
            [S.DRAFT, S.RETURNED], _("A submitted or accepted annual report can no longer be edited.")
        ),
    )

    class Meta:
        verbose_name = _("annual work report")
        verbose_name_plural = _("annual work reports")
        ordering = ["-year", "society__code"]
        constraints = [
            FieldUniqueConstraint(
                fields=["society", "year"],
                name="one_annual_report_per_year",
                field="year",
                violation_error_message=_("This society already has an annual report for this year."),
            )
        ]

    def __str__(self):
        return f"{self.society} {self.year}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("reports:annual", args=[self.pk])


class Report(Job):
    """A generated report (PDF and the XLSX of its tables): one version of one kind for a society (or all)
    and a year, rendered by a worker (reports.engine); a job row its page polls for progress."""

    kind = models.CharField(_("kind"), max_length=30, choices=ReportKind.choices)
    society = models.ForeignKey(
        "societies.Society",
        verbose_name=_("society"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
        help_text=_("Empty: every society."),
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    annual_report = models.ForeignKey(
        AnnualReport,
        verbose_name=_("annual work report"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="versions",
    )
    file = models.FileField(_("file"), upload_to=report_path, blank=True)
    xlsx = models.FileField(_("tables (XLSX)"), upload_to=report_path, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    inputs_at = models.DateTimeField(_("data as of"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-id"]
        constraints = [
            FieldUniqueConstraint(
                fields=["kind", "society", "year", "version"],
                name="report_version_unique",
                field="version",
                nulls_distinct=False,
                violation_error_message=_("This version of the report exists already."),
            )
        ]

    def __str__(self):
        subject = self.society.name if self.society_id else _("All societies")
        year = f" {self.year}" if self.year else ""
        return f"{self.get_kind_display()} · {subject}{year} · v{self.version}"

    def filename(self, ext: str = "pdf") -> str:
        subject = self.society.code if self.society_id else "all"
        year = f"-{self.year}" if self.year else ""
        return f"{self.kind}-{subject}{year}-v{self.version}.{ext}"


class ScorecardData(models.Model):
    """The counts behind one year's scorecards (reports.scorecard.gather), stored so the scorecard pages
    read one row instead of 6M memberships (5–25 s at full scale, too long for a request). Refreshed by
    the nightly task and on CAST's request (reports.tasks.refresh_scorecards); the pages say when it was
    computed. Weights are applied when a page is shown, so a change of weights shows at once."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    computed_at = models.DateTimeField(_("computed"), default=timezone.now)
    data = models.JSONField(_("counts"), default=dict)

    class Meta:
        verbose_name = _("scorecard data")
        verbose_name_plural = _("scorecard data")
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year} · {self.computed_at:%Y-%m-%d %H:%M}"
