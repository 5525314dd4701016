"""Elections 换届 of a governance body (R-PB-03, R-GOV-02, R-ETH-02)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.constraints import FieldCheckConstraint, FieldUniqueConstraint
from core.workflow import Editable, Transition, Workflow
from societies.choices import OfficerPosition, Sector

from ..choices import ElectionStatus, MatterStatus
from .matters import live_matters

S = ElectionStatus


def _slate_returned(election) -> bool:
    """The slate was submitted and the political review has returned it: it is revised before the
    matter is resubmitted."""
    if election.status != S.SLATE_SUBMITTED:
        return False
    matter = live_matters(election).first()
    return matter is not None and matter.status == MatterStatus.RETURNED


class Election(models.Model):
    """An election 换届 of a body's new term: the candidate slate is politically reviewed by the council
    Party committee (a major matter, R-PB-03), the vote is recorded with a quorum check, and
    certification closes the old term and opens the new one with its seats (R-GOV-02)."""

    society = models.ForeignKey(
        "societies.Society", verbose_name=_("society"), on_delete=models.PROTECT, related_name="elections"
    )
    body = models.ForeignKey(
        "societies.GovernanceBody", verbose_name=_("body"), on_delete=models.PROTECT, related_name="elections"
    )
    term_start = models.DateField(_("new term starts"))
    term_end = models.DateField(_("new term ends"))
    seats = models.PositiveIntegerField(_("seats"))
    status = models.CharField(_("status"), max_length=20, choices=ElectionStatus.choices, default=S.DRAFT)
    voters_eligible = models.PositiveIntegerField(_("eligible voters"), null=True, blank=True)
    voters_present = models.PositiveIntegerField(_("voters present"), null=True, blank=True)
    new_term = models.OneToOneField(
        "societies.Term",
        verbose_name=_("resulting term"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="election",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    workflow = Workflow(
        Transition("submit_slate", [S.DRAFT], S.SLATE_SUBMITTED, _("submit the slate for political review")),
        Transition("slate_approved", [S.SLATE_SUBMITTED], S.SLATE_APPROVED, _("slate approved")),
        Transition("slate_returned", [S.SLATE_SUBMITTED], S.DRAFT, _("slate returned")),
        Transition("record_votes", [S.SLATE_SUBMITTED, S.SLATE_APPROVED], S.VOTED, _("record votes")),
        Transition("certify", [S.VOTED], S.CERTIFIED, _("certify the result")),
        # The slate (candidates) changes in draft, or while the political review has returned it.
        editable=Editable([S.DRAFT], _("The slate can no longer be changed."), reopened=_slate_returned),
    )

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["-term_start", "-id"]
        constraints = [
            FieldCheckConstraint(
                condition=Q(term_end__gt=models.F("term_start")),
                name="election_term_ordered",
                field="term_end",
                violation_error_message=_("The new term must end after it starts."),
            ),
            FieldCheckConstraint(
                condition=Q(seats__gt=0),
                name="election_has_seats",
                field="seats",
                violation_error_message=_("An election fills at least one seat."),
            ),
        ]

    def __str__(self):
        return f"{self.body} {self.term_start:%Y}–{self.term_end:%Y}"

    def get_absolute_url(self):
        return reverse("party_building:election", args=[self.pk])


class Candidate(models.Model):
    """A person on an election's slate, with the facts a council seat records (R-GOV-03) and the
    ballot counts. A person under an active academic sanction cannot stand (R-ETH-02)."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="candidates"
    )
    person = models.ForeignKey(
        "members.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="candidacies"
    )
    grassroots = models.BooleanField(_("grassroots / front line"), default=False)
    sector = models.CharField(_("employer sector"), max_length=30, choices=Sector.choices, blank=True)
    position = models.CharField(
        _("office stood for"), max_length=30, choices=OfficerPosition.choices, blank=True
    )
    votes_for = models.PositiveIntegerField(_("for"), default=0)
    votes_against = models.PositiveIntegerField(_("against"), default=0)
    votes_abstain = models.PositiveIntegerField(_("abstain"), default=0)
    elected = models.BooleanField(_("elected"), default=False)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["election", "id"]
        constraints = [
            FieldUniqueConstraint(
                fields=["election", "person"],
                name="one_candidacy_per_election",
                field="person",
                violation_error_message=_("This person is already on the slate."),
            )
        ]

    def __str__(self):
        return f"{self.person} @ {self.election}"
