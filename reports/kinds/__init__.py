"""The kinds of report (API.md `report kind`) and what each needs: its template, whether it is about one
society and one year, and `build(report) -> context` — the data as of now, assembled with a constant
number of queries. A context holds at least `title`, `sections` [(anchor, heading)] for the table of
contents, and `tables` [Table] (every table of the PDF, also written to the report's XLSX)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module


@dataclass(frozen=True)
class Table:
    """One table of a report: its title, column headings and rows (already formatted for reading)."""

    title: str
    header: list
    rows: list = field(default_factory=list)


@dataclass(frozen=True)
class Kind:
    key: str
    template: str
    builder: str  # dotted path of build(report) -> dict, imported when a report is rendered
    society: str  # "required", "optional" or "none"
    year: bool

    def build(self, report) -> dict:
        module, _, name = self.builder.rpartition(".")
        fn: Callable = getattr(import_module(module), name)
        return fn(report)


KINDS = {
    k.key: k
    for k in [
        Kind(
            "annual_report", "reports/pdf/annual_report.html", "reports.kinds.annual.build", "required", True
        ),
        Kind(
            "compliance", "reports/pdf/compliance.html", "reports.kinds.compliance.build", "optional", False
        ),
        Kind("scorecard", "reports/pdf/scorecard.html", "reports.kinds.scorecard.build", "optional", True),
        Kind("award_list", "reports/pdf/award_list.html", "reports.kinds.award_list.build", "none", False),
        Kind(
            "branch_roster",
            "reports/pdf/branch_roster.html",
            "reports.kinds.branch_roster.build",
            "optional",
            False,
        ),
    ]
}
