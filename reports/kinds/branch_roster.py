"""分支机构名录: the standing branch offices (active or under rectification) of one society or of all,
with kind, establishment date, status, officers and the latest assessment — two queries."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from branches.choices import STANDING
from branches.models import Branch, BranchAssessment, BranchOfficer

from . import Table


def build(report) -> dict:
    branches = (
        Branch.objects.filter(status__in=STANDING)
        .select_related("society")
        .prefetch_related(
            Prefetch("officers", queryset=BranchOfficer.objects.order_by("position", "pk")),
            Prefetch("assessments", queryset=BranchAssessment.objects.order_by("-year")),
        )
        .order_by("society__code", "name")
    )
    if report.society_id:
        branches = branches.filter(society_id=report.society_id)
    rows = []
    for b in branches:
        latest = next(iter(b.assessments.all()), None)
        rows.append(
            [
                b.society.name,
                b.name,
                b.get_kind_display(),
                b.established_on.isoformat() if b.established_on else "—",
                b.get_status_display(),
                "、".join(o.name or str(o.person) for o in b.officers.all()) or "—",
                f"{latest.year} {latest.get_grade_display()}" if latest else "—",
            ]
        )
    header = [_("Society"), _("Branch office"), _("Kind"), _("Established"), _("Status"), _("Officers"),
              _("Latest assessment")]  # fmt: skip
    subject = report.society.name if report.society_id else _("All societies")
    return {
        "title": _("Branch office roster"),
        "subtitle": subject,
        "sections": [("roster", _("Branch offices"))],
        "tables": [Table(str(_("Branch offices")), [str(h) for h in header], rows)],
        "count": len(rows),
    }
