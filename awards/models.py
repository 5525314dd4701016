"""Awards (§2 服务科技人才成长): programs on CAST's dynamic list 动态清单, their rounds, nominations, peer
reviews with conflict-of-interest checks, and published results (R-AW-01..06, R-ETH-02, R-PB-02)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.constraints import FieldCheckConstraint, FieldUniqueConstraint
from core.workflow import Editable, Transition, Workflow

from .choices import AwardCategory, NominationStatus, NominatorKind, ProgramStatus, RoundStatus

REASON = _("Give the reason: the society reads it.")
MONEY = {"max_digits": 14, "decimal_places": 2}


class AwardProgram(models.Model):
    """An award a society runs (科技奖项). It may open rounds only once CAST has put it on the dynamic list
    (R-AW-01); it takes no fee of any kind (R-AW-03); its winners per round are bounded by its quota and
    winner-ratio cap (R-AW-02)."""

    society = models.ForeignKey(
        "societies.Society",
        verbose_name=_("society"),
        on_delete=models.PROTECT,
        related_name="award_programs",
    )
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=AwardCategory.choices)
    cycle_years = models.PositiveSmallIntegerField(_("cycle (years)"), default=1)
    quota = models.PositiveIntegerField(_("winners per round (quota)"))
    winner_ratio_cap = models.DecimalField(
        _("winner-ratio cap"), max_digits=4, decimal_places=3, default=Decimal("0.300")
    )
    entry_fee = models.DecimalField(_("entry fee (CNY)"), default=Decimal("0"), **MONEY)
    member_nominations = models.BooleanField(_("members may nominate"), default=False)
    approval_ref = models.CharField(_("approval document reference"), max_length=200, blank=True)
    approval_document = models.FileField(_("approval document"), upload_to="awards/approvals/", blank=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProgramStatus.choices, default=ProgramStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    listed_at = models.DateTimeField(_("listed"), null=True, blank=True)
    history = HistoricalRecords()

    workflow = Workflow(
        Transition("submit", [ProgramStatus.DRAFT], ProgramStatus.SUBMITTED, _("submit")),
        Transition("list", [ProgramStatus.SUBMITTED], ProgramStatus.LISTED, _("list on the dynamic list")),
        Transition(
            "return", [ProgramStatus.SUBMITTED], ProgramStatus.DRAFT, _("return"), reason_required=REASON
        ),
        Transition(
            "suspend", [ProgramStatus.LISTED], ProgramStatus.SUSPENDED, _("suspend"), reason_required=REASON
        ),
        Transition("reinstate", [ProgramStatus.SUSPENDED], ProgramStatus.LISTED, _("reinstate")),
        Transition(
            "withdraw",
            [ProgramStatus.LISTED, ProgramStatus.SUSPENDED],
            ProgramStatus.WITHDRAWN,
            _("withdraw from the list"),
            reason_required=REASON,
        ),
        editable=Editable(
            [ProgramStatus.DRAFT], _("A program is edited only as a draft (or after CAST returned it).")
        ),
    )

    class Meta:
        verbose_name = _("award program")
        verbose_name_plural = _("award programs")
        ordering = ["society__code", "name"]
        constraints = [
            FieldUniqueConstraint(
                fields=["society", "name"],
                name="award_program_name_unique_in_society",
                field="name",
                violation_error_message=_("The society already has an award program of this name."),
            ),
            FieldCheckConstraint(
                condition=Q(entry_fee=0),
                name="award_program_no_fee",
                field="entry_fee",
                rule="R-AW-03",
                violation_error_message=_("Awards take no fee of any kind from nominees or nominators."),
            ),
            FieldCheckConstraint(
                condition=Q(winner_ratio_cap__gt=0, winner_ratio_cap__lte=1),
                name="award_program_ratio_cap_range",
                field="winner_ratio_cap",
                rule="R-AW-02",
                violation_error_message=_("The winner-ratio cap lies between 0 and 100%."),
            ),
            FieldCheckConstraint(
                condition=Q(quota__gte=1),
                name="award_program_quota_positive",
                field="quota",
                violation_error_message=_("The quota is at least one winner per round."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("awards:program", args=[self.pk])

    @property
    def is_listed(self) -> bool:
        return self.status == ProgramStatus.LISTED


class AwardRound(models.Model):
    """One round of a program: nominations in a window, peer review, proposed winners (Party pre-review of
    the award selection, R-PB-02) and published results (R-AW-05)."""

    program = models.ForeignKey(
        AwardProgram, verbose_name=_("program"), on_delete=models.PROTECT, related_name="rounds"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    nominations_open_on = models.DateField(_("nominations open"))
    nominations_close_on = models.DateField(_("nominations close"))
    status = models.CharField(
        _("status"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    proposed_at = models.DateTimeField(_("results proposed"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    history = HistoricalRecords()

    workflow = Workflow(
        Transition("open", [RoundStatus.DRAFT], RoundStatus.OPEN, _("open nominations")),
        Transition("close_nominations", [RoundStatus.OPEN], RoundStatus.REVIEWING, _("close nominations")),
        Transition(
            "propose_results",
            [RoundStatus.REVIEWING, RoundStatus.PROPOSED],
            RoundStatus.PROPOSED,
            _("propose results"),
        ),
        Transition("publish", [RoundStatus.PROPOSED], RoundStatus.PUBLISHED, _("publish results")),
        editable=Editable(
            [RoundStatus.DRAFT, RoundStatus.OPEN], _("The round's dates change only before review starts.")
        ),
    )

    class Meta:
        verbose_name = _("award round")
        verbose_name_plural = _("award rounds")
        ordering = ["-year", "program__name"]
        constraints = [
            FieldUniqueConstraint(
                fields=["program", "year"],
                name="award_round_one_per_year",
                field="year",
                violation_error_message=_("This program already has a round in this year."),
            ),
            FieldCheckConstraint(
                condition=Q(nominations_close_on__gte=models.F("nominations_open_on")),
                name="award_round_window_ordered",
                field="nominations_close_on",
                violation_error_message=_("Nominations cannot close before they open."),
            ),
        ]

    def __str__(self):
        return f"{self.program} {self.year}"

    def get_absolute_url(self):
        return reverse("awards:round", args=[self.pk])


class Nomination(models.Model):
    """A person put forward in a round by a member of the society or by the secretariat on behalf of a
    unit. A person under an active sanction cannot be nominated (R-ETH-02)."""

    round = models.ForeignKey(
        AwardRound, verbose_name=_("round"), on_delete=models.PROTECT, related_name="nominations"
    )
    nominee = models.ForeignKey(
        "members.Person", verbose_name=_("nominee"), on_delete=models.PROTECT, related_name="nominations"
    )
    nominator_kind = models.CharField(_("nominated by"), max_length=20, choices=NominatorKind.choices)
    nominator = models.ForeignKey(
        "members.Person",
        verbose_name=_("nominator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations_made",
        help_text=_("The nominating member; empty when the secretariat nominates on behalf of a unit."),
    )
    nominating_unit = models.CharField(_("nominating unit"), max_length=200, blank=True)
    statement = models.TextField(_("statement"), blank=True)
    coauthors = models.ManyToManyField(
        "members.Person",
        verbose_name=_("declared co-authors"),
        blank=True,
        related_name="coauthored_nominations",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=NominationStatus.choices, default=NominationStatus.SUBMITTED
    )
    proposed_winner = models.BooleanField(_("proposed winner"), default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("submitted by")
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    history = HistoricalRecords()

    workflow = Workflow(
        Transition("withdraw", [NominationStatus.SUBMITTED], NominationStatus.WITHDRAWN, _("withdraw")),
        Transition("award", [NominationStatus.SUBMITTED], NominationStatus.WINNER, _("award")),
        Transition("not_award", [NominationStatus.SUBMITTED], NominationStatus.NOT_AWARDED, _("not awarded")),
    )

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["round", "id"]
        constraints = [
            FieldUniqueConstraint(
                fields=["round", "nominee"],
                condition=~Q(status=NominationStatus.WITHDRAWN),
                name="nomination_once_per_round",
                field="nominee",
                violation_error_message=_("This person is already nominated in this round."),
            )
        ]

    def __str__(self):
        return f"{self.nominee} · {self.round}"

    def get_absolute_url(self):
        return reverse("awards:nomination", args=[self.pk])


class NominationMaterial(models.Model):
    """A document supporting a nomination (checked by content like every upload)."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="materials")
    file = models.FileField(_("file"), upload_to="awards/materials/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)  # a MIME type, as core.uploads proves it
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("nomination material")
        verbose_name_plural = _("nomination materials")

    def __str__(self):
        return self.original_name


class ReviewAssignment(models.Model):
    """A reviewer asked to review one nomination; refused when conflicted (R-AW-04)."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="award_assignments",
    )
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)
    due_on = models.DateField(_("due"), null=True, blank=True)

    class Meta:
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        constraints = [
            FieldUniqueConstraint(
                fields=["nomination", "reviewer"],
                name="one_assignment_per_reviewer",
                field="reviewer",
                violation_error_message=_("This reviewer is already assigned to the nomination."),
            )
        ]

    def __str__(self):
        return f"{self.reviewer} → {self.nomination}"


class Review(models.Model):
    """An assigned reviewer's score (0–100) with a conflict-of-interest declaration. A review declaring a
    conflict carries no score; the nomination then needs another reviewer (R-AW-04)."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="award_reviews",
    )
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    conflict_declared = models.BooleanField(_("conflict of interest declared"), default=False)
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            FieldUniqueConstraint(
                fields=["nomination", "reviewer"],
                name="one_review_per_reviewer",
                field="nomination",
                violation_error_message=_("You have already reviewed this nomination."),
            ),
            FieldCheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=100, conflict_declared=False),
                name="review_score_range_and_conflict",
                field="score",
                rule="R-AW-04",
                violation_error_message=_(
                    "A score lies between 0 and 100; a review declaring a conflict has none."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.reviewer} · {self.nomination}"


class DeclaredCoauthor(models.Model):
    """A co-author a reviewer declares of themself: they cannot review that person's nominations (R-AW-04)."""

    person = models.ForeignKey("members.Person", on_delete=models.CASCADE, related_name="declared_coauthors")
    coauthor = models.ForeignKey("members.Person", on_delete=models.CASCADE, related_name="+")
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("declared co-author")
        verbose_name_plural = _("declared co-authors")
        constraints = [
            FieldUniqueConstraint(
                fields=["person", "coauthor"],
                name="coauthor_declared_once",
                field="coauthor",
                violation_error_message=_("This co-author is already declared."),
            )
        ]

    def __str__(self):
        return f"{self.person} ↔ {self.coauthor}"
