"""合规报告: the unresolved compliance findings of one society or of all — grouped by rule (with the
rule's name) and severity, a count table rule × severity, every unresolved finding with its status,
deadline and overdue flag, and how many were resolved in the last 90 days. Two queries."""

from collections import defaultdict
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from compliance.choices import UNRESOLVED, FindingStatus, Severity
from compliance.models import Finding
from compliance.rule_titles import rule_title
from reports.formatting import count

from . import Table
from .cells import display

RECENT_DAYS = 90


def build(report) -> dict:
    findings = Finding.objects.filter(status__in=UNRESOLVED).select_related("society")
    resolved = Finding.objects.filter(
        status=FindingStatus.RESOLVED, resolved_at__gte=timezone.now() - timedelta(days=RECENT_DAYS)
    )
    if report.society_id:
        findings = findings.filter(society_id=report.society_id)
        resolved = resolved.filter(society_id=report.society_id)
    severities = list(Severity)
    order = {s.value: i for i, s in enumerate(severities)}
    findings = sorted(
        findings,
        key=lambda f: (f.rule, order.get(f.severity, 9), f.deadline or timezone.localdate().max, f.pk),
    )
    resolved_recently = resolved.count()

    by_rule: dict[str, list] = defaultdict(list)
    for f in findings:
        by_rule[f.rule].append(f)
    header = [_("Society"), _("Rule"), _("Severity"), _("Finding"), _("Status"), _("Deadline"), _("Overdue")]
    all_rows, groups = [], []
    for rule, items in by_rule.items():
        rows = []
        for f in items:
            deadline = f.deadline.isoformat() if f.deadline else "—"
            overdue = _("Overdue") if f.is_overdue else ""
            row = [
                f.society.name,
                f.rule,
                f.get_severity_display(),
                f.text,
                f.get_status_display(),
                deadline,
                overdue,
            ]
            rows.append(row)
            all_rows.append(row)
        counts = {s.value: sum(1 for f in items if f.severity == s) for s in severities}
        groups.append(
            {
                "rule": rule,
                "title": rule_title(rule),
                "counts": [(s.value, str(s.label), counts[s.value]) for s in severities if counts[s.value]],
                "overdue": sum(1 for f in items if f.is_overdue),
                "severities": {f.severity for f in items},
                "table": display(Table(f"{rule} {rule_title(rule)}".strip(), header, rows)),
            }
        )
    count_rows = []
    for g in groups:
        per = {key: n for key, _label, n in g["counts"]}
        count_rows.append([g["rule"], g["title"] or "—", *[per.get(s.value, 0) for s in severities],
                           sum(per.values()), g["overdue"]])  # fmt: skip
    count_rows.append(
        [
            _("Total"),
            "",
            *[sum(1 for f in findings if f.severity == s) for s in severities],
            len(findings),
            sum(1 for f in findings if f.is_overdue),
        ]  # fmt: skip
    )
    counts_table = Table(
        _("Unresolved findings by rule and severity"),
        [_("Rule"), _("Rule name"), *[str(s.label) for s in severities], _("Total"), _("Overdue")],
        count_rows,
    )
    list_table = Table(_("Unresolved findings"), header, all_rows)
    overdue = sum(1 for f in findings if f.is_overdue)
    subject = report.society.name if report.society_id else _("All societies")
    figures = [
        (_("Unresolved findings"), count(len(findings))),
        (_("Violations"), count(sum(1 for f in findings if f.severity == Severity.VIOLATION))),
        (_("Overdue"), count(overdue)),
        (_("Resolved in the last 90 days"), count(resolved_recently)),
    ]
    return {
        "title": _("Compliance report"),
        "subtitle": subject,
        "sections": [
            ("summary", _("Summary")),
            ("by-rule", _("Findings by rule")),
            ("findings", _("Every unresolved finding")),
        ],
        "figures": figures,
        "groups": groups,
        "counts": display(counts_table, num=list(range(2, 2 + len(severities) + 2))),
        "list": display(list_table),
        "unresolved": len(findings),
        "overdue": overdue,
        "resolved_recently": resolved_recently,
        "recent_days": RECENT_DAYS,
        "all_societies": not report.society_id,
        "tables": [counts_table, list_table],
    }
