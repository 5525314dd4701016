"""Compliance checks of a society's charter and governance (compliance.registry): R-PB-01 the
Party-leadership clause, R-GOV-02 bodies with a current term, R-GOV-03 council composition, R-GOV-04 a
full-time secretary-general."""

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from compliance.registry import Check, Hit, Scope
from core.rule_settings import rule_setting

from .choices import BodyKind, OfficerPosition, SocietyStatus, TermStatus
from .models import CharterVersion, GovernanceBody, Officer, Society, Term

REQUIRED_BODIES = (BodyKind.CONGRESS, BodyKind.COUNCIL, BodyKind.SUPERVISORS, BodyKind.OFFICE)


def _societies(scope: Scope):
    return scope.societies(Society.objects.filter(status=SocietyStatus.ACTIVE), "pk")


def charter_clause(scope: Scope):
    latest = CharterVersion.objects.filter(society=OuterRef("pk")).order_by("-adopted_on", "-version")
    rows = (
        _societies(scope)
        .annotate(
            clause=Subquery(latest.values("has_party_leadership_clause")[:1]),
            version=Subquery(latest.values("version")[:1]),
        )
        .filter(Q(clause=False) | Q(clause__isnull=True))
        .values_list("pk", "name", "version")
    )
    for pk, name, version in rows:
        yield Hit(pk, facts={"society": name, "version": version or "—"})


def missing_bodies(scope: Scope):
    def has(kind):
        return Exists(GovernanceBody.objects.filter(society=OuterRef("pk"), kind=kind))

    rows = (
        _societies(scope)
        .annotate(**{f"has_{kind}": has(kind) for kind in REQUIRED_BODIES})
        .filter(Q(_connector=Q.OR, **{f"has_{kind}": False for kind in REQUIRED_BODIES}))
        .values_list("pk", "name", *(f"has_{kind}" for kind in REQUIRED_BODIES))
    )
    for pk, name, *present in rows:
        missing = [kind for kind, there in zip(REQUIRED_BODIES, present, strict=True) if not there]
        yield Hit(pk, facts={"society": name, "missing": missing})


def _describe_bodies(facts: dict) -> dict:
    labels = dict(BodyKind.choices)
    return {"missing": "、".join(str(labels.get(k, k)) for k in facts.get("missing", [])) or "—"}


def terms_lapsed(scope: Scope):
    in_force = Term.objects.filter(body=OuterRef("pk"), status=TermStatus.CURRENT, ends_on__gte=scope.today)
    latest_end = Term.objects.filter(body=OuterRef("pk")).order_by("-ends_on").values("ends_on")[:1]
    rows = (
        scope.societies(GovernanceBody.objects.filter(kind__in=REQUIRED_BODIES))
        .filter(society__status=SocietyStatus.ACTIVE)
        .exclude(Exists(in_force))
        .annotate(ended=Subquery(latest_end))
        .values_list("pk", "society_id", "name", "kind", "ended")
    )
    for pk, society_id, name, kind, ended in rows:
        yield Hit(society_id, pk, {"body": name, "kind": kind, "ended": ended.isoformat() if ended else "—"})


def _describe_body(facts: dict) -> dict:
    """A body by its name, else by its kind ("理事会")."""
    return {"body": facts.get("body") or str(dict(BodyKind.choices).get(facts.get("kind"), ""))}


def council_composition(scope: Scope):
    grassroots_target = rule_setting("council_grassroots_target")
    under50_target = rule_setting("council_under50_target")
    born_after = scope.today.year - 50
    rows = (
        scope.societies(
            Term.objects.filter(status=TermStatus.CURRENT, body__kind=BodyKind.COUNCIL), "body__society_id"
        )
        .annotate(
            total=Count("seat_set"),
            grassroots=Count("seat_set", filter=Q(seat_set__grassroots=True)),
            young=Count("seat_set", filter=Q(seat_set__birth_year__gt=born_after)),
        )
        .filter(total__gt=0)
        .filter(Q(grassroots__lt=F("total") * grassroots_target) | Q(young__lt=F("total") * under50_target))
        .values_list("pk", "body__society_id", "body__name", "total", "grassroots", "young")
    )
    for pk, society_id, body, total, grassroots, young in rows:
        yield Hit(
            society_id,
            pk,
            {
                "body": body,
                "kind": BodyKind.COUNCIL,
                "seats": total,
                "grassroots_share": f"{100 * grassroots / total:.1f}%",
                "under50_share": f"{100 * young / total:.1f}%",
                "grassroots_target": f"{100 * grassroots_target:.0f}%",
                "under50_target": f"{100 * under50_target:.0f}%",
            },
        )


def part_time_secretary_general(scope: Scope):
    rows = (
        scope.societies(
            Officer.objects.filter(
                position=OfficerPosition.SECRETARY_GENERAL, full_time=False, starts_on__lte=scope.today
            )
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=scope.today))
        .filter(society__status=SocietyStatus.ACTIVE)
        .values_list("pk", "society_id", "person__name")
    )
    for pk, society_id, name in rows:
        yield Hit(society_id, pk, {"person": name})


CHECKS = [
    Check(
        rule="R-PB-01",
        severity="violation",
        area="party",
        message=_("The charter of %(society)s (version %(version)s) lacks the Party-leadership clause."),
        find=charter_clause,
    ),
    Check(
        rule="R-GOV-02",
        severity="violation",
        area="governance",
        message=_("%(society)s has no %(missing)s."),
        find=missing_bodies,
        describe=_describe_bodies,
    ),
    Check(
        rule="R-GOV-02",
        name="term",
        severity="violation",
        area="governance",
        model=GovernanceBody,
        message=_(
            "The %(body)s has no term in force (the last ended on %(ended)s) and no election was held."
        ),
        find=terms_lapsed,
    ),
    Check(
        rule="R-GOV-03",
        severity="advisory",
        area="governance",
        model=Term,
        message=_(
            "The %(body)s (%(seats)s seats): %(grassroots_share)s grassroots members (target "
            "%(grassroots_target)s), %(under50_share)s under 50 (target %(under50_target)s)."
        ),
        find=council_composition,
        describe=_describe_body,
    ),
    Check(
        rule="R-GOV-04",
        severity="warning",
        area="governance",
        model=Officer,
        message=_("The secretary-general %(person)s does not work full-time."),
        find=part_time_secretary_general,
    ),
]
