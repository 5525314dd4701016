"""Charter versions, governance bodies with their terms and seats, and officers (§3 优化内部治理结构)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.constraints import FieldCheckConstraint, FieldUniqueConstraint
from core.workflow import Editable, Workflow
from societies.choices import Sector

from ..choices import BodyKind, OfficerPosition, TermStatus
from .society import Society


class CharterVersion(models.Model):
    """One adopted version of a society's charter 章程. Versions are kept, never overwritten; each records
    whether it contains the Party-leadership clause and the business scope it grants (R-GOV-01, R-PB-01)."""

    society = models.ForeignKey(
        Society, verbose_name=_("society"), on_delete=models.PROTECT, related_name="charters"
    )
    version = models.PositiveIntegerField(_("version"))
    adopted_on = models.DateField(_("adopted"))
    has_party_leadership_clause = models.BooleanField(
        _("contains the Party-leadership clause"), default=False
    )
    business_scope = models.JSONField(_("business scope codes"), default=list)
    business_scope_text = models.TextField(_("business scope"), blank=True)
    document = models.FileField(_("document"), upload_to="charters/%Y/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("charter version")
        verbose_name_plural = _("charter versions")
        ordering = ["society", "-version"]
        constraints = [
            FieldUniqueConstraint(
                fields=["society", "version"],
                name="charter_version_unique",
                field="version",
                violation_error_message=_("The society already has a charter version with this number."),
            )
        ]

    def __str__(self):
        return f"{self.society} · v{self.version}"


class GovernanceBody(models.Model):
    """A body of the society: member congress, council, standing council, supervisors or office."""

    society = models.ForeignKey(
        Society, verbose_name=_("society"), on_delete=models.PROTECT, related_name="bodies"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("governance body")
        verbose_name_plural = _("governance bodies")
        ordering = ["society", "kind"]
        constraints = [
            FieldUniqueConstraint(
                fields=["society", "kind"],
                name="one_body_of_each_kind",
                field="kind",
                violation_error_message=_("The society already has a body of this kind."),
            )
        ]

    def __str__(self):
        return self.name or f"{self.society} {self.get_kind_display()}"


class Term(models.Model):
    """A term 届 of a body, with its seat count. One current term per body; an election closes it and
    opens the next (R-GOV-02)."""

    body = models.ForeignKey(
        GovernanceBody, verbose_name=_("body"), on_delete=models.PROTECT, related_name="terms"
    )
    number = models.PositiveIntegerField(_("term number"))
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    seats = models.PositiveIntegerField(_("seats"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=TermStatus.choices, default=TermStatus.CURRENT
    )

    # Opening the next term closes this one (services.open_term); its seats change while it is current.
    workflow = Workflow(
        editable=Editable(
            [TermStatus.CURRENT], _("Seats of a closed term are history and stay as they were.")
        )
    )

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["body", "-number"]
        constraints = [
            FieldUniqueConstraint(
                fields=["body", "number"],
                name="term_number_unique",
                field="number",
                violation_error_message=_("This body already has a term with this number."),
            ),
            FieldUniqueConstraint(
                fields=["body"],
                condition=Q(status="current"),
                name="one_current_term",
                field="status",
                rule="R-GOV-02",
                violation_error_message=_("This body already has a current term."),
            ),
            FieldCheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")),
                name="term_ends_after_start",
                field="ends_on",
                violation_error_message=_("A term must end after it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.body} · {self.number}"


class Seat(models.Model):
    """A seat held on a body for one term, with the facts the policy asks about (R-GOV-03): birth year,
    grassroots/front-line 基层一线, employer sector."""

    term = models.ForeignKey(Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="seat_set")
    person = models.ForeignKey(
        "members.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="seats"
    )
    birth_year = models.PositiveIntegerField(_("birth year"), null=True, blank=True)
    grassroots = models.BooleanField(_("grassroots / front line"), default=False)
    sector = models.CharField(_("employer sector"), max_length=30, choices=Sector.choices, blank=True)

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["term", "id"]
        constraints = [
            FieldUniqueConstraint(
                fields=["term", "person"],
                name="one_seat_per_person_per_term",
                field="person",
                violation_error_message=_("This person already holds a seat in this term."),
            )
        ]

    def __str__(self):
        return f"{self.person} @ {self.term}"


class Officer(models.Model):
    """A responsible person of the society: president, vice president, secretary-general (full-time flag,
    R-GOV-04), supervisors. `ends_on` empty means in office."""

    society = models.ForeignKey(
        Society, verbose_name=_("society"), on_delete=models.PROTECT, related_name="officers"
    )
    term = models.ForeignKey(
        Term, verbose_name=_("term"), null=True, blank=True, on_delete=models.PROTECT, related_name="officers"
    )
    person = models.ForeignKey(
        "members.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="offices"
    )
    position = models.CharField(_("position"), max_length=30, choices=OfficerPosition.choices)
    full_time = models.BooleanField(_("full-time"), default=False)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("officer")
        verbose_name_plural = _("officers")
        ordering = ["society", "position", "starts_on"]
        constraints = [
            FieldUniqueConstraint(
                fields=["society"],
                condition=Q(position="president", ends_on__isnull=True),
                name="one_sitting_president",
                field="position",
                violation_error_message=_("The society already has a sitting president."),
            ),
            FieldUniqueConstraint(
                fields=["society"],
                condition=Q(position="secretary_general", ends_on__isnull=True),
                name="one_sitting_secretary_general",
                field="position",
                violation_error_message=_("The society already has a sitting secretary-general."),
            ),
        ]

    def __str__(self):
        return f"{self.society} {self.get_position_display()} {self.person}"
