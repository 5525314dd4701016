"""The annual report's Party building, finance and compliance chapters."""

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from compliance.choices import UNRESOLVED, FindingStatus
from compliance.models import Finding
from compliance.rule_titles import rule_title
from core.rule_settings import rule_setting
from party_building.models import Donation, Expenditure, MajorMatter, PartyOrganization
from reports.formatting import cny

from .. import Table
from ..cells import _d, _in_year, _year_span, _yes, display


def _party(society, year: int) -> dict:
    organizations = PartyOrganization.objects.filter(society=society).select_related("branch")
    matters = MajorMatter.objects.filter(society=society).filter(_year_span("submitted_at", year))
    tables = {
        "organizations": Table(
            _("Party organizations"),
            [_("Level"), _("Branch office"), _("Party secretary"), _("Party members"), _("Established")],
            [
                [
                    o.get_level_display(),
                    o.branch.name if o.branch_id else "—",
                    o.secretary_name or "—",
                    o.members_count,
                    _d(o.established_on),
                ]  # fmt: skip
                for o in organizations
            ],
        ),
        "matters": Table(
            _("Major matters of the year and their pre-review (R-PB-02)"),
            [_("Matter"), _("Kind"), _("Amount"), _("Submitted"), _("Pre-review"), _("Decided")],
            [
                [
                    m.title,
                    m.get_kind_display(),
                    cny(m.amount) if m.amount is not None else "—",
                    _d(timezone.localdate(m.submitted_at)),
                    m.get_status_display(),
                    _d(timezone.localdate(m.decided_at)) if m.decided_at else "—",
                ]  # fmt: skip
                for m in matters.order_by("submitted_at", "pk")
            ],
        ),
    }
    return {
        "tables": tables,
        "shown": {
            "organizations": display(tables["organizations"], num=[3]),
            "matters": display(tables["matters"], num=[2]),
        },
    }


def _finance(society, year: int) -> dict:
    donation_threshold = rule_setting("large_donation_threshold")
    expenditure_threshold = rule_setting("large_expenditure_threshold")
    donations = Donation.objects.filter(society=society).filter(_in_year("received_on", year))
    expenditures = Expenditure.objects.filter(society=society).filter(_in_year("spent_on", year))
    d = donations.aggregate(
        n=Count("pk"), total=Sum("amount"), foreign=Count("pk", filter=Q(is_foreign=True))
    )
    e = expenditures.aggregate(n=Count("pk"), total=Sum("amount"))
    large_donations = donations.filter(Q(amount__gte=donation_threshold) | Q(is_foreign=True)).order_by(
        "received_on", "pk"
    )
    large_expenditures = expenditures.filter(amount__gte=expenditure_threshold).order_by("spent_on", "pk")
    tables = {
        "summary": Table(
            _("Donations and expenditures of the year"),
            [_("Item"), _("Records"), _("Amount")],
            [
                [_("Donations received"), d["n"], cny(d["total"] or 0)],
                [_("Expenditures"), e["n"], cny(e["total"] or 0)],
            ],
        ),
        "donations": Table(
            _("Large and foreign donations"),
            [_("Donor"), _("Purpose"), _("Received"), _("Foreign source"), _("Amount"), _("Status")],
            [
                [
                    x.donor,
                    x.purpose,
                    _d(x.received_on),
                    _yes(x.is_foreign),
                    cny(x.amount),
                    x.get_status_display(),
                ]
                for x in large_donations
            ],
        ),
        "expenditures": Table(
            _("Large expenditures"),
            [_("Purpose"), _("Date"), _("Amount"), _("Status")],
            [[x.purpose, _d(x.spent_on), cny(x.amount), x.get_status_display()] for x in large_expenditures],
        ),
    }
    return {
        "tables": tables,
        "shown": {
            "summary": display(tables["summary"], num=[1, 2]),
            "donations": display(tables["donations"], num=[4]),
            "expenditures": display(tables["expenditures"], num=[2]),
        },
        "donation_threshold": donation_threshold,
        "expenditure_threshold": expenditure_threshold,
        "donations_total": d["total"] or 0,
        "expenditures_total": e["total"] or 0,
        "foreign_donations": d["foreign"],
    }


def _findings(society, year: int) -> dict:
    findings = (
        Finding.objects.filter(society=society)
        .filter(_year_span("opened_at", year) | Q(status__in=UNRESOLVED))
        .order_by("opened_at", "pk")
    )
    rows, unresolved, resolved = [], 0, 0
    for f in findings:
        unresolved += f.is_unresolved
        resolved += f.status == FindingStatus.RESOLVED
        rows.append(
            [
                f.rule,
                rule_title(f.rule) or "—",
                f.get_severity_display(),
                f.text,
                _d(timezone.localdate(f.opened_at)),
                f.get_status_display(),
                _d(f.deadline) + (f" ({_('overdue')})" if f.is_overdue else ""),
                f.rectification or f.closing_comment or "—",
            ]
        )
    table = Table(
        _("Compliance findings and their rectification"),
        [
            _("Rule"),
            _("Rule name"),
            _("Severity"),
            _("Finding"),
            _("Opened"),
            _("Status"),
            _("Deadline"),
            _("Rectification"),
        ],  # fmt: skip
        rows,
    )
    return {
        "tables": {"findings": table},
        "shown": {"findings": display(table)},
        "unresolved": unresolved,
        "count": len(rows),
        "resolved": resolved,
    }
