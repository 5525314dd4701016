"""Benchmark: report generation — seconds per report and pages per second for each kind, beside WeasyPrint
rendering the very same HTML directly (one document, no cover split), in the same run.

Run on demand (not in the test suite), on PostgreSQL, on the demo data (loaded inside a transaction that
is rolled back; files go to a temporary MEDIA_ROOT):

    DJANGO_SETTINGS_MODULE=config.test_settings \\
    TEST_DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/portal_bench \\
    .venv/bin/python bench/reports.py [--repeat 3]

Target: an annual report in under 10 s on two cores (the worker's time limit is 20 minutes); the portal's
overhead (building the data, the cover split, the XLSX) within 1.5× of bare WeasyPrint on the same HTML.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 10.0
TARGET_RATIO = 1.5


def setup_django():
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
    import django

    django.setup()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    setup_django()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
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
    with transaction.atomic():
        call_command("demo", verbosity=0)
        society = Society.objects.annotate(n=Count("memberships")).order_by("-n").first()
        year = timezone.localdate().year - 1
        owner = get_user_model().objects.order_by("pk").first()
        annual = AnnualReport.objects.create(
            society=society, year=year, created_by=owner, narrative={"overview": "概述" * 400}
        )
        cases = [
            ("annual_report", {"society": society, "year": year, "annual_report": annual}),
            ("compliance", {"society": None}),
            ("scorecard", {"society": None, "year": year}),
            ("award_list", {"society": None}),
            ("branch_roster", {"society": None}),
        ]
        print(f"{'kind':15} {'pages':>5} {'portal s':>9} {'pages/s':>8} {'bare s':>8} {'ratio':>6}  target")
        for n, (kind, subject) in enumerate(cases, start=1):
            portal, bare, pages = [], [], 0
            for r in range(args.repeat):
                report = Report.objects.create(kind=kind, version=1000 + n * 10 + r, **subject)
                started = time.perf_counter()
                report = engine.run(report.pk)
                portal.append(time.perf_counter() - started)
                pages = report.pages
                with translation.override("zh-hans"):
                    context = KINDS[kind].build(report)
                    html = render_to_string(
                        KINDS[kind].template,
                        {**context, "report": report, "inputs_at": timezone.now(), "font": FONT_FAMILY},
                    )  # no `part`: cover and body in one document, as a plain WeasyPrint user would
                started = time.perf_counter()
                HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
                bare.append(time.perf_counter() - started)
            p, b = statistics.median(portal), statistics.median(bare)
            ok = p <= TARGET_SECONDS and p / b <= TARGET_RATIO
            print(
                f"{kind:15} {pages:5d} {p:9.2f} {pages / p:8.1f} {b:8.2f} {p / b:6.2f}  "
                f"≤{TARGET_SECONDS:.0f} s, ≤{TARGET_RATIO}× {'ok' if ok else 'MISSED'}"
            )
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
