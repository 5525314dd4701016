"""People and their ties to societies: profiles, memberships, applications, credit and training records."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.constraints import FieldCheckConstraint, FieldUniqueConstraint
from core.models import Decided, Job
from core.workflow import Transition, Workflow
from societies.choices import Sector

from .choices import (
    DEFAULT_SELF_SELECTABLE_TIERS,
    SECRETARIAT_ONLY_TIERS,
    ApplicationStatus,
    ChangeRequestStatus,
    CreditKind,
    Gender,
    IdType,
    MembershipCategory,
    MembershipStatus,
    MembershipTier,
    Region,
    TrainingKind,
)
from .validators import validate_id_number

# Identity fields: a member's own edit of these waits for a secretary's confirmation (R-MEM-03).
# The region is one: it decides whether an application is flagged for explicit approval (R-MEM-02).
IDENTITY_FIELDS = ("name", "id_type", "id_number", "region")
# A person's own fields, in the one order the forms, the API, the import and the export list them.
PERSON_FIELDS = (
    "name",
    "id_type",
    "id_number",
    "gender",
    "birth_date",
    "region",
    "employer",
    "sector",
    "title",
    "disciplines",
    "email",
    "phone",
)


class Person(models.Model):
    """A scientist, engineer or student known to the portal: a member, an officer, a council seat holder,
    a nominee. Personal data: only the person, their societies' secretaries and CAST admins see it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=100)  # indexes: Meta, migrations
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    id_type = models.CharField(
        _("ID type"), max_length=20, choices=IdType.choices, default=IdType.MAINLAND_ID
    )
    id_number = models.CharField(_("ID number"), max_length=32, blank=True)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, default=Region.MAINLAND)
    employer = models.CharField(_("employer"), max_length=200, blank=True)  # indexes: migrations 0005, 0015
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices, blank=True)
    title = models.CharField(_("professional title"), max_length=100, blank=True)
    disciplines = models.JSONField(_("discipline codes"), default=list, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # The society whose secretariat entered this profile directly (POST people/, "add a member"): its
    # secretaries keep seeing the person they registered before any membership links them.
    registered_by_society = models.ForeignKey(
        "societies.Society",
        verbose_name=_("registered by society"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registered_people",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name", "id"]
        # A lookup by ID number alone (the person picker, the import's check) cannot use the partial
        # unique index below (PostgreSQL would read all 6M rows): this one serves it (migration 0011).
        # The name's trigram and bigram indexes (0005, 0011) are not model state: core.migration_ops.
        indexes = [
            # The name in the database's order (lists sorted by name). Its beginning (person_name_prefix,
            # migration 0014), anywhere in it (trigram 0005, bigram 0011) and the employer's (trigram 0005,
            # prefix 0015) are PostgreSQL-only indexes outside the model state; see migration 0016.
            models.Index(fields=["name"], name="members_person_name_8aa8fb39"),
            models.Index(fields=["id_number"], name="person_id_number"),
            # The few people outside the mainland (~4 %), which the scorecard counts (reports.scorecard).
            models.Index(fields=["region"], name="person_outside_mainland", condition=~Q(region="mainland")),
        ]
        constraints = [
            FieldUniqueConstraint(
                fields=["id_type", "id_number"],
                condition=~Q(id_number=""),
                name="person_id_document_unique",
                field="id_number",
                violation_error_message=_("A person with this ID document is already registered."),
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.id_number:
            self.id_number = self.id_number.strip().upper()
            try:
                validate_id_number(self.id_type, self.id_number)
            except ValidationError as exc:
                raise ValidationError({"id_number": exc.messages}) from exc

    @property
    def birth_year(self) -> int | None:
        return self.birth_date.year if self.birth_date else None


class Membership(models.Model):
    """会员资格: a person's membership of one society, tiered and categorized (R-MEM-01). A person holds at
    most one active membership per society — enforced by the database, not only by forms."""

    society = models.ForeignKey(
        "societies.Society", verbose_name=_("society"), on_delete=models.PROTECT, related_name="memberships"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships"
    )
    tier = models.CharField(
        _("tier"), max_length=20, choices=MembershipTier.choices, default=MembershipTier.ORDINARY
    )
    category = models.CharField(
        _("category"),
        max_length=20,
        choices=MembershipCategory.choices,
        default=MembershipCategory.INDIVIDUAL,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MembershipStatus.choices, default=MembershipStatus.ACTIVE
    )
    number = models.CharField(_("membership number"), max_length=40, blank=True)
    joined_on = models.DateField(_("joined"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    fees_paid = models.DecimalField(
        _("fees paid"), max_digits=12, decimal_places=2, default=0, validators=[MinValueValidator(Decimal(0))]
    )
    history = HistoricalRecords()

    workflow = Workflow(
        Transition("lapse", [MembershipStatus.ACTIVE], MembershipStatus.LAPSED, _("lapse")),
        Transition("renew", [MembershipStatus.LAPSED], MembershipStatus.ACTIVE, _("renew")),
        Transition(
            "withdraw",
            [MembershipStatus.ACTIVE, MembershipStatus.LAPSED],
            MembershipStatus.WITHDRAWN,
            _("withdraw"),
        ),
        Transition(
            "expel",
            [MembershipStatus.ACTIVE, MembershipStatus.LAPSED],
            MembershipStatus.EXPELLED,
            _("expel"),
            reason_required=_("Give the reason for the expulsion."),
        ),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["society", "number", "id"]
        constraints = [
            FieldUniqueConstraint(
                fields=["society", "person"],
                condition=Q(status="active"),
                name="one_active_membership_per_society",
                field="person",
                rule="R-MEM-01",
                violation_error_message=_("This person already holds an active membership of this society."),
            ),
            FieldUniqueConstraint(
                fields=["society", "number"],
                condition=~Q(number=""),
                name="membership_number_unique",
                field="number",
                violation_error_message=_("This membership number is already used in this society."),
            ),
            FieldCheckConstraint(
                condition=Q(fees_paid__gte=0),
                name="membership_fees_paid_not_negative",
                field="fees_paid",
                violation_error_message=_("An amount cannot be negative."),
            ),
        ]
        indexes = [
            models.Index(fields=["society", "status", "tier"], name="membership_society_status_idx"),
            # The directory's orderings (members.selectors.DIRECTORY_ORDERINGS), so a page of a society of
            # hundreds of thousands is read in index order instead of sorted. The searches use trigram
            # indexes (migration 0005: person name and employer, membership number).
            models.Index(fields=["society", "number", "id"], name="membership_dir_number_idx"),
            models.Index(fields=["society", "-joined_on", "id"], name="membership_dir_joined_idx"),
            models.Index(fields=["society", "tier", "number", "id"], name="membership_dir_tier_idx"),
            # A number looked up across every society (the person picker): migration 0011; a society's
            # numbers by prefix (varchar_pattern_ops, PostgreSQL only): migration 0013.
            models.Index(fields=["number"], name="membership_number"),
        ]

    def __str__(self):
        return f"{self.person} · {self.society}"


class MembershipApplication(Decided):
    """An application to join a society, decided by its secretary. Applicants from Hong Kong, Macao,
    Taiwan or abroad are flagged for explicit approval (R-MEM-02)."""

    society = models.ForeignKey(
        "societies.Society", verbose_name=_("society"), on_delete=models.PROTECT, related_name="applications"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("applicant"), on_delete=models.PROTECT, related_name="applications"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="membership_applications",
    )
    tier = models.CharField(
        _("tier"), max_length=20, choices=MembershipTier.choices, default=MembershipTier.ORDINARY
    )
    category = models.CharField(
        _("category"),
        max_length=20,
        choices=MembershipCategory.choices,
        default=MembershipCategory.INDIVIDUAL,
    )
    statement = models.TextField(_("statement"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    needs_explicit_approval = models.BooleanField(_("needs explicit approval (R-MEM-02)"), default=False)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    membership = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    workflow = Workflow(
        Transition(
            "approve", [ApplicationStatus.SUBMITTED], ApplicationStatus.APPROVED, _("approve"), decides=True
        ),
        # the applicant takes back an application still waiting for the decision (services.joining); it
        # is decided then (by the applicant), so its data leaves the society's reach like a rejected one
        Transition(
            "withdraw",
            [ApplicationStatus.SUBMITTED],
            ApplicationStatus.WITHDRAWN,
            pgettext_lazy("application", "withdraw"),
            decides=True,
        ),
        Transition(
            "reject",
            [ApplicationStatus.SUBMITTED],
            ApplicationStatus.REJECTED,
            _("reject"),
            reason_required=_("Give the applicant a reason for the rejection."),
            decides=True,
        ),
    )

    class Meta:
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["society", "status"], name="application_queue_idx")]

    def __str__(self):
        return f"{self.person} → {self.society}"


class ProfileChangeRequest(Decided):
    """A member's change of an identity field (name, ID), waiting for a secretary's confirmation
    (R-MEM-03). `changes` maps field → [old, new]."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="change_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    changes = models.JSONField(_("changes"))
    status = models.CharField(
        _("status"), max_length=20, choices=ChangeRequestStatus.choices, default=ChangeRequestStatus.PENDING
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)

    workflow = Workflow(
        Transition(
            "confirm",
            [ChangeRequestStatus.PENDING],
            ChangeRequestStatus.CONFIRMED,
            _("confirm"),
            decides=True,
        ),
        Transition(
            "reject",
            [ChangeRequestStatus.PENDING],
            ChangeRequestStatus.REJECTED,
            _("reject"),
            reason_required=_("Give the member a reason for the rejection."),
            decides=True,
        ),
    )

    class Meta:
        verbose_name = _("identity change request")
        verbose_name_plural = _("identity change requests")
        ordering = ["-requested_at", "-id"]

    def __str__(self):
        return f"{self.person}: {', '.join(self.changes)}"


class CreditRecordQuerySet(models.QuerySet):
    def sanctions_in_force(self, day):
        """The sanctions in force on `day` (R-ETH-02). Apps below members (societies, seating a council
        member) ask it through the person: `person.credit_records.sanctions_in_force(day).exists()`."""
        return self.filter(kind=CreditKind.SANCTION, starts_on__lte=day).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=day)
        )


class CreditRecord(models.Model):
    """学术信用: a misconduct finding, sanction or commendation of a person, with its source document.
    Only CAST administrators write these (R-ETH-01). An active sanction bars nomination, talent
    recommendation and council candidacy (R-ETH-02): see members.sanctions."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="credit_records"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CreditKind.choices)
    summary = models.TextField(_("summary"))
    starts_on = models.DateField(pgettext_lazy("date", "from"))
    ends_on = models.DateField(
        pgettext_lazy("date", "until"), null=True, blank=True, help_text=_("Empty: no end date.")
    )
    source_document = models.CharField(_("source document"), max_length=200)
    source_file = models.FileField(_("source file"), upload_to="credit/%Y/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    history = HistoricalRecords()

    objects = CreditRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("academic credit record")
        verbose_name_plural = _("academic credit records")
        ordering = ["-starts_on", "-id"]
        constraints = [
            FieldCheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="credit_period_ordered",
                field="ends_on",
                violation_error_message=_("The end date cannot be before the start date."),
            )
        ]

    def __str__(self):
        return f"{self.person} · {self.get_kind_display()}"

    def is_active_on(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class TrainingRecord(models.Model):
    """教育培训: attendance of new-leader, secretary-general rotation or staff training (R-TR-01)."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="training_records"
    )
    society = models.ForeignKey(
        "societies.Society",
        verbose_name=_("society"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training_records",
    )
    kind = models.CharField(_("course kind"), max_length=20, choices=TrainingKind.choices)
    course = models.CharField(_("course"), max_length=200)
    attended_on = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"), max_digits=6, decimal_places=1, validators=[MinValueValidator(Decimal(0))]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["-attended_on", "-id"]
        constraints = [
            FieldCheckConstraint(
                condition=Q(hours__gte=0),
                name="training_hours_not_negative",
                field="hours",
                violation_error_message=_("Hours cannot be negative."),
            )
        ]

    def __str__(self):
        return f"{self.person} · {self.course}"


def _default_tiers() -> list[str]:
    return [str(t) for t in DEFAULT_SELF_SELECTABLE_TIERS]


class JoiningPolicy(models.Model):
    """How a society takes applications: the tiers an applicant may choose themself (R-MEM-01 tiered
    membership). A fellow 会士 or an honorary member 荣誉会员 is never self-chosen: the secretariat grants it
    (services.joining refuses it in an application; a row without the policy takes the default tiers)."""

    society = models.OneToOneField(
        "societies.Society",
        verbose_name=_("society"),
        on_delete=models.CASCADE,
        related_name="joining_policy",
    )
    self_selectable_tiers = models.JSONField(_("tiers an applicant may choose"), default=_default_tiers)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("joining policy")
        verbose_name_plural = _("joining policies")

    def __str__(self):
        return str(self.society)

    def clean(self):
        bad = [
            t
            for t in self.self_selectable_tiers
            if t in SECRETARIAT_ONLY_TIERS or t not in MembershipTier.values
        ]
        if bad:
            raise ValidationError(
                {"self_selectable_tiers": _("Fellows and honorary members are granted by the secretariat.")}
            )


class PrivacyConsent(models.Model):
    """A person's consent to the personal-data notice (个人信息处理告知, PIPL 个人信息保护法 art. 14, 17, 29):
    which version of the notice, when, and from which address. Kept, never edited: a new notice version
    asks for a new consent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="privacy_consents",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="privacy_consents",
    )
    notice_version = models.CharField(_("notice version"), max_length=20)
    consented_at = models.DateTimeField(_("consented"), default=timezone.now)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("personal-data consent")
        verbose_name_plural = _("personal-data consents")
        ordering = ["-consented_at", "-id"]

    def __str__(self):
        return f"{self.user} · {self.notice_version}"


def export_path(instance, filename: str) -> str:
    return f"exports/members/{timezone.localdate():%Y/%m}/{filename}"


class MemberExport(Job):
    """A member directory export too large for a request (XLSX of a society of hundreds of thousands):
    queued by a secretary (or CAST) with the directory's filters, built by a worker (members.exports) into
    a file in the default storage, downloaded from its page. ID numbers are masked unless `full_ids` was
    asked for explicitly; the request, the built file and every download are audited."""

    society = models.ForeignKey(
        "societies.Society", verbose_name=_("society"), on_delete=models.CASCADE, related_name="+"
    )
    fmt = models.CharField(_("format"), max_length=8, default="xlsx")
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    full_ids = models.BooleanField(_("full ID numbers"), default=False)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to=export_path, blank=True)
    # The requester's UI language: the worker writes headings and labels in it (members.import_export).
    language = models.CharField(_("language"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("member export")
        verbose_name_plural = _("member exports")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.society} · {self.fmt} · #{self.pk}"

    def filename(self) -> str:
        return f"members-{self.society.code}-{self.created_at:%Y%m%d}-{self.pk}.{self.fmt}"

    def filters_described(self) -> list[tuple[str, str]]:
        """The directory filters of the export as its page lists them (labels, not keys)."""
        from .selectors import DirectoryFilters

        return DirectoryFilters.from_query(self.filters).described()


def import_path(instance, filename: str) -> str:
    return f"imports/members/{timezone.localdate():%Y/%m}/{filename}"


class MemberImport(Job):
    """A member list too long to import within a request (more than import_export.IN_REQUEST_ROWS rows):
    the uploaded file is held in the default storage, a worker runs the same service as a short file's
    request does (members.services.import_members: every row checked, then all written or nothing), and
    the job's page shows the counts or each row's problem. The held file carries ID numbers, so it is
    deleted as soon as the import has run (members.import_jobs)."""

    society = models.ForeignKey(
        "societies.Society", verbose_name=_("society"), on_delete=models.CASCADE, related_name="+"
    )
    file = models.FileField(_("file"), upload_to=import_path, blank=True)
    filename = models.CharField(_("file name"), max_length=255)
    # The requester's UI language: the worker writes the row problems in it.
    language = models.CharField(_("language"), max_length=16, blank=True)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    people_created = models.PositiveIntegerField(_("people created"), null=True, blank=True)
    people_linked = models.PositiveIntegerField(_("people linked"), null=True, blank=True)
    memberships_created = models.PositiveIntegerField(_("memberships created"), null=True, blank=True)
    # [{"row": 3, "column": "id_number", "message": "…"}] of a refused file (nothing was written).
    row_errors = models.JSONField(_("row problems"), default=list, blank=True)

    class Meta:
        verbose_name = _("member import")
        verbose_name_plural = _("member imports")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.society} · {self.filename} · #{self.pk}"

    @property
    def refused(self) -> bool:
        return bool(self.row_errors)

    def errors(self) -> list:
        """The row problems as members.import_export.RowError (their text names the column in the reader's
        language)."""
        from .import_export import RowError

        return [RowError(e["row"], e["column"], e["message"]) for e in self.row_errors]
