"""Report generation: seconds per report and pages per second for the annual work report (and the CAST
scorecard), beside WeasyPrint rendering the very same HTML directly (one document, no cover split), in the
same run.

On the bench dataset: the annual report of a mid-sized society (its median by members) and of the largest,
for last year, with a narrative long enough for a report of about twenty pages; everything is created
inside a transaction that is rolled back, files go to a temporary MEDIA_ROOT. "portal" is
reports.engine.run — building the data, the cover and body rendered as two documents, the page count, the
XLSX of its tables, saving both files; "bare" is HTML(string=…).write_pdf() of the same template rendered
as one document. Target (issue 15): ≤ 1.5 × bare (a 20-page annual report); a report over 10 s is noted.
"""

from __future__ import annotations

import statistics
import tempfile
import time

from bench.common import arguments, bench_users, setup_django, write

TARGET_RATIO = 1.5
TARGET_SECONDS = 10.0


def main() -> None:
    args = arguments(__doc__.splitlines()[0])
    setup_django()
    from django.conf import settings
    from django.db import transaction
    from django.db.models import Count
    from django.template.loader import render_to_string
    from django.utils import timezone, translation
    from weasyprint import HTML

    from reports import engine
    from reports.kinds import KINDS
    from reports.models import AnnualReport, Report
    from reports.pdf import FONT_FAMILY
    from societies.models import Society

    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="bench-reports-")
    admin, largest, _secretary = bench_users()
    by_size = list(Society.objects.annotate(n=Count("memberships")).order_by("n", "pk"))
    median = by_size[len(by_size) // 2]
    year = timezone.localdate().year - 1
    repeat = max(1, min(args.repeat, 3 if args.scale < 0.5 else 2))  # a report takes minutes at full scale
    rows = []
    with transaction.atomic():
        cases = []
        for society in dict.fromkeys([median, largest]):
            annual = AnnualReport.objects.create(
                society=society,
                year=year,
                created_by=admin,
                narrative={"overview": "本年度学会围绕学术交流、科学普及与人才举荐开展工作。" * 300},
            )
            cases.append(
                (
                    f"annual report ({society.code}, {society.memberships.count():,} members)",
                    "annual_report",
                    {"society": society, "year": year, "annual_report": annual},
                )
            )
        cases.append(("scorecard (all societies)", "scorecard", {"society": None, "year": year}))
        for n, (label, kind, subject) in enumerate(cases, start=1):
            portal, bare, pages = [], [], 0
            for r in range(1 if kind == "scorecard" and args.scale >= 0.5 else repeat):
                report = Report.objects.create(kind=kind, version=5000 + n * 10 + r, **subject)
                started = time.perf_counter()
                report = engine.run(report.pk)
                portal.append(time.perf_counter() - started)
                pages = report.pages
                with translation.override("zh-hans"):
                    context = KINDS[kind].build(report)
                    html = render_to_string(
                        KINDS[kind].template,
                        {**context, "report": report, "inputs_at": timezone.now(), "font": FONT_FAMILY},
                    )
                started = time.perf_counter()
                HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
                bare.append(time.perf_counter() - started)
            p, b = statistics.median(portal), statistics.median(bare)
            rows.append(
                {
                    "group": "report",
                    "name": f"{label}: portal / bare WeasyPrint",
                    "value": round(p / b, 2),
                    "unit": "×",
                    "pages": pages,
                    "portal_s": round(p, 2),
                    "bare_s": round(b, 2),
                    "pages_per_s": round(pages / p, 2) if p else None,
                    "bare_pages_per_s": round(pages / b, 2) if b else None,
                    "target": f"≤ {TARGET_RATIO}× bare WeasyPrint",
                    "met": p / b <= TARGET_RATIO,
                    "note": f"over {TARGET_SECONDS:g} s a report" if p > TARGET_SECONDS else "",
                }
            )
            print(f"  {label:<44} {pages:4d} pages {p:7.2f} s  bare {b:7.2f} s  {p / b:5.2f}×")
        transaction.set_rollback(True)
    write(args.out, rows)


if __name__ == "__main__":
    main()
