"""The rules a filing must satisfy before it is submitted (R-ACT-01..06, R-EVAL-01..03), in one place.

`problems(activity)` lists every problem (the form shows them inline before submit); `refuse_if_any`
raises the first as a DomainError naming its field and rule. Lateness (R-ACT-02) is not a refusal:
a late filing is accepted, marked late, and produces a compliance finding.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from core.disciplines import outside, unknown
from core.errors import DomainError
from core.rule_settings import rule_setting

from .choices import LEAD_TIME_KINDS, ActivityKind, ActivityRole


@dataclass(frozen=True)
class Problem:
    rule: str
    field: str
    message: str

    def as_error(self) -> DomainError:
        return DomainError(self.message, rule=self.rule, field=self.field)


def problems(a) -> list[Problem]:
    found: list[Problem] = []

    def add(rule, field, message):
        found.append(Problem(rule, field, str(message)))

    society = a.society
    if a.starts_on and a.ends_on and a.ends_on < a.starts_on:
        add("", "ends_on", _("The activity cannot end before it starts."))
    if a.branch_id and a.branch.society_id != society.pk:
        add("", "branch", _("The branch office does not belong to this society."))
    # R-ACT-01: inside the society's (and the branch's) business scope.
    codes = list(a.scope_codes or [])
    if not codes:
        add("R-ACT-01", "scope_codes", _("Name at least one discipline code of the activity's scope."))
    bad = unknown(codes)
    if bad:
        add(
            "R-ACT-01",
            "scope_codes",
            _("Unknown discipline codes: %(codes)s.") % {"codes": ", ".join(bad)},
        )
    outside_society = outside(codes, society.business_scope or [])
    if outside_society:
        add(
            "R-ACT-01",
            "scope_codes",
            _("Outside the society's business scope: %(codes)s.") % {"codes": ", ".join(outside_society)},
        )
    elif a.branch_id and a.branch.business_scope:
        outside_branch = outside(codes, a.branch.business_scope)
        if outside_branch:
            add(
                "R-ACT-01",
                "scope_codes",
                _("Outside the branch office's business scope: %(codes)s.")
                % {"codes": ", ".join(outside_branch)},
            )
    # R-ACT-03: a host or co-host carries real duties; name-only participation carries no fees.
    charges = (a.participant_fee or 0) > 0 or (a.fee_to_society or 0) > 0
    if a.role in (ActivityRole.HOST, ActivityRole.CO_HOST):
        if a.name_only:
            add(
                "R-ACT-03",
                "name_only",
                _("A host or co-host must carry real duties; name-only participation is not allowed."),
            )
        elif not (a.duties or "").strip():
            add("R-ACT-03", "duties", _("Describe the real duties the society carries as host or co-host."))
    # A society that only lends its name — the supporter role, or a filing marked name-only — takes no fee
    # for it (DOMAIN.md R-ACT-03: `fee_to_society` must be zero); a name-only filing charges nobody either.
    lends_name_only = a.name_only or a.role == ActivityRole.SUPPORTER
    if (lends_name_only and (a.fee_to_society or 0) > 0) or (a.name_only and charges):
        add(
            "R-ACT-03",
            "fee_to_society",
            _("A society that only lends its name may not charge or receive fees for it."),
        )
    # R-ACT-04: no required sponsorship, donation or purchase.
    if a.requires_member_sponsorship:
        add(
            "R-ACT-04",
            "requires_member_sponsorship",
            _("Members and participants may not be required to sponsor, donate or buy products or journals."),
        )
    # R-ACT-05: foreign cooperation or donation needs the foreign-affairs approval.
    foreign = bool((a.foreign_partner or "").strip()) or (a.foreign_donation or 0) > 0
    if foreign and not (a.foreign_affairs_approval_ref or "").strip():
        add(
            "R-ACT-05",
            "foreign_affairs_approval_ref",
            _(
                "Cooperation with a foreign organization or a foreign donation needs the foreign-affairs "
                "approval reference."
            ),
        )
    # R-EVAL-01..03: evaluation and commendation.
    if a.kind == ActivityKind.EVALUATION_COMMENDATION:
        if not (a.approval_ref or "").strip():
            add(
                "R-EVAL-01",
                "approval_ref",
                _("An evaluation or commendation needs its prior approval reference before it is filed."),
            )
        if (a.foreign_partner or "").strip():
            add(
                "R-EVAL-02",
                "foreign_partner",
                _("An evaluation or commendation is never co-hosted with a foreign organization."),
            )
        if charges:
            add(
                "R-EVAL-03",
                "participant_fee",
                _("An evaluation or commendation is non-profit: no fees from participants or candidates."),
            )
    return found


def refuse_if_any(a) -> None:
    found = problems(a)
    if found:
        raise found[0].as_error()


def lead_time_deadline(a) -> date:
    return a.starts_on - timedelta(days=rule_setting("activity_lead_days"))


def is_late(a, today: date | None = None) -> bool:
    """R-ACT-02: forums, seminars and conferences are filed at least N days before they start."""
    if a.kind not in LEAD_TIME_KINDS:
        return False
    return (today or timezone.localdate()) > lead_time_deadline(a)
