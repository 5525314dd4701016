"""年度工作报告 (R-GOV-05): one society's work in one year, assembled from the portal's data, with the
secretary's narrative sections first (NARRATIVE_SECTIONS order, the overview carrying the key figures)
and then one chapter per area: governance, membership, branches, activities, awards, Party building,
finance and compliance findings.

A constant number of queries whatever the number of members, branches, activities or findings: grouped
aggregates, one query per list and prefetches (about 25 in all, see tests/reports)."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from reports.formatting import count
from reports.models import NARRATIVE_SECTIONS

from .governance import _governance, _membership, _trend_note
from .party import _finance, _findings, _party
from .work import _activities, _awards, _branches


def build(report) -> dict:
    society, year = report.society, report.year or timezone.localdate().year - 1
    annual = report.annual_report
    narrative = (annual.narrative if annual is not None else None) or {}
    as_of = min(date(year, 12, 31), timezone.localdate())

    governance = _governance(society, year, as_of)
    membership = _membership(society, year)
    branches = _branches(society, year)
    activities = _activities(society, year)
    awards = _awards(society, year)
    party = _party(society, year)
    finance = _finance(society, year)
    findings = _findings(society, year)

    narratives = [
        {
            "key": key,
            "anchor": f"narrative-{key}",
            "heading": str(heading),
            "text": str(narrative.get(key) or ""),
        }
        for key, heading in NARRATIVE_SECTIONS.items()
    ]
    # The overview always opens the report (it carries the key figures); other sections when written.
    narratives = [n for n in narratives if n["key"] == "overview" or n["text"].strip()]
    chapters = [
        ("governance", _("Governance")),
        ("membership", _("Membership")),
        ("branches", _("Branch offices")),
        ("activities", _("Activities")),
        ("awards", _("Awards")),
        ("party", _("Party building")),
        ("finance", _("Donations and expenditures")),
        ("findings", _("Compliance findings")),
    ]
    parts = [governance, membership, branches, activities, awards, party, finance, findings]
    tables = [t for part in parts for t in part["tables"].values()]
    figures = [
        (_("Active members"), count(membership["active"])),
        (_("Standing branch offices"), count(branches["count"])),
        (_("Activities filed"), count(activities["count"])),
        (_("Unresolved findings"), count(findings["unresolved"])),
    ]
    return {
        "title": _("Annual work report"),
        "subtitle": _("%(society)s · %(year)s") % {"society": society.name, "year": year},
        "society": society,
        "year": year,
        "annual": annual,
        "sections": [(n["anchor"], n["heading"]) for n in narratives] + chapters,
        "narratives": narratives,
        "figures": figures,
        "governance": governance,
        "membership": membership,
        "trend_note": _trend_note(),
        "branches": branches,
        "activities": activities,
        "awards": awards,
        "party": party,
        "finance": finance,
        "findings": findings,
        "tables": tables,
    }
