"""Compliance checks of Party building (compliance.registry): R-PB-02 donations, expenditures and
elections in effect without an approved pre-review; R-PB-04 gaps in the three-level organizations."""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from branches.choices import STANDING
from branches.models import Branch
from compliance.registry import Check, Hit, Scope
from core.rule_settings import rule_setting
from societies.choices import SocietyStatus
from societies.models import Society

from .choices import ElectionStatus, FinanceStatus, MatterKind, PartyLevel
from .gate import without_approved_matter
from .models import Donation, Election, Expenditure, PartyOrganization


def donations(scope: Scope):
    threshold = rule_setting("large_donation_threshold")
    rows = (
        scope.societies(Donation.objects.filter(status=FinanceStatus.CONFIRMED))
        .filter(Q(amount__gte=threshold) | Q(is_foreign=True))
        .filter(without_approved_matter(Donation, MatterKind.LARGE_DONATION))
        .values_list("pk", "society_id", "donor", "amount")
    )
    for pk, society_id, donor, amount in rows:
        yield Hit(society_id, pk, {"donor": donor, "amount": f"{amount:,.2f}"})


def expenditures(scope: Scope):
    threshold = rule_setting("large_expenditure_threshold")
    rows = (
        scope.societies(Expenditure.objects.filter(status=FinanceStatus.CONFIRMED, amount__gte=threshold))
        .filter(without_approved_matter(Expenditure, MatterKind.LARGE_EXPENDITURE))
        .values_list("pk", "society_id", "purpose", "amount")
    )
    for pk, society_id, purpose, amount in rows:
        yield Hit(society_id, pk, {"purpose": purpose, "amount": f"{amount:,.2f}"})


def elections(scope: Scope):
    rows = (
        scope.societies(Election.objects.filter(status__in=[ElectionStatus.VOTED, ElectionStatus.CERTIFIED]))
        .filter(without_approved_matter(Election, MatterKind.ELECTION))
        .values_list("pk", "society_id", "body__name", "term_start")
    )
    for pk, society_id, body, term_start in rows:
        yield Hit(society_id, pk, {"body": body, "term_start": term_start.isoformat()})


def organization_gaps(scope: Scope):
    def has(level):
        return Exists(PartyOrganization.objects.filter(society=OuterRef("pk"), level=level))

    branch_without = Branch.objects.filter(status__in=STANDING).exclude(
        Exists(PartyOrganization.objects.filter(branch=OuterRef("pk"), level=PartyLevel.BRANCH))
    )
    rows = (
        scope.societies(Society.objects.filter(status=SocietyStatus.ACTIVE), "pk")
        .annotate(
            has_council=has(PartyLevel.COUNCIL_COMMITTEE),
            has_office=has(PartyLevel.OFFICE),
            bare_branches=Count("branches", filter=Q(branches__in=branch_without), distinct=True),
        )
        .filter(Q(has_council=False) | Q(has_office=False) | Q(bare_branches__gt=0))
        .values_list("pk", "name", "has_council", "has_office", "bare_branches")
    )
    for pk, name, council, office, bare in rows:
        missing = [
            level
            for level, present in ((PartyLevel.COUNCIL_COMMITTEE, council), (PartyLevel.OFFICE, office))
            if not present
        ]
        yield Hit(pk, facts={"society": name, "missing": missing, "branches_without": bare})


def _describe_gaps(facts: dict) -> dict:
    labels = dict(PartyLevel.choices)
    gaps = [_("no %(level)s") % {"level": labels.get(code, code)} for code in facts.get("missing", [])]
    bare = int(facts.get("branches_without") or 0)
    if bare:
        gaps.append(
            ngettext(
                "%(n)d branch office without a Party organization",
                "%(n)d branch offices without a Party organization",
                bare,
            )
            % {"n": bare}
        )
    return {"gaps": "; ".join(str(g) for g in gaps)}


CHECKS = [
    Check(
        rule="R-PB-02",
        name="donation",
        severity="violation",
        area="party",
        model=Donation,
        message=gettext_lazy(
            "A donation of ¥%(amount)s from %(donor)s was confirmed without an approved Party pre-review."
        ),
        find=donations,
    ),
    Check(
        rule="R-PB-02",
        name="expenditure",
        severity="violation",
        area="party",
        model=Expenditure,
        message=gettext_lazy(
            "An expenditure of ¥%(amount)s (%(purpose)s) was confirmed without an approved Party pre-review."
        ),
        find=expenditures,
    ),
    Check(
        rule="R-PB-02",
        name="election",
        severity="violation",
        area="party",
        model=Election,
        message=gettext_lazy(
            "The election of the %(body)s (term from %(term_start)s) was voted without an approved Party "
            "pre-review."
        ),
        find=elections,
    ),
    Check(
        rule="R-PB-04",
        severity="advisory",
        area="party",
        message=gettext_lazy("%(society)s: the three-level Party organizations are incomplete (%(gaps)s)."),
        find=organization_gaps,
        describe=_describe_gaps,
    ),
]
