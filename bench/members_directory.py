"""Benchmark: the member directory query and the CSV/XLSX export for 10,000 members of one society.

Run on demand (it is not part of the test suite), against PostgreSQL — the figures only mean something
on the database production uses. Everything it creates is rolled back at the end.

    cd /work/main
    DJANGO_SETTINGS_MODULE=config.test_settings \\
    TEST_DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/portal_bench \\
    .venv/bin/python bench/members_directory.py [--members 10000] [--repeat 5]

The database must exist and be migrated (`manage.py migrate` with the same settings; the test run's
database `test_…` works too). It prints, per operation, the number of SQL queries and the best/median
wall time over the repeats: directory page 1, a deep page, a search, a filtered page, CSV export of the
whole directory and XLSX export.
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path


def setup_django():
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
    import django

    django.setup()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    setup_django()

    from datetime import date
    from random import Random

    from django.contrib.auth import get_user_model
    from django.core.paginator import Paginator
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from members import import_export
    from members.models import Membership, Person
    from members.selectors import DIRECTORY_PAGE_SIZE, DirectoryFilters, member_directory
    from members.validators import mainland_id_check_char
    from societies.models import Society
    from societies.validators import credit_code_check_char

    rng = Random(7)
    tiers = ["student", "ordinary", "ordinary", "ordinary", "senior", "fellow"]
    regions = ["mainland"] * 18 + ["hong_kong", "foreign"]

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            body = "51100000BENCH0001"[:17]
            society = Society.objects.create(
                code="bench-society",
                name="基准测试学会",
                discipline="science",
                credit_code=body + credit_code_check_char(body),
            )
            user = get_user_model().objects.create(username="bench-admin", is_superuser=True)
            t0 = time.perf_counter()
            people = []
            for i in range(args.members):
                id_body = f"110101{1950 + i % 50}0101{i % 1000:03d}"
                people.append(
                    Person(
                        name=f"会员{i:05d}",
                        id_number=f"B{i:08d}" if i >= 1000 else id_body + mainland_id_check_char(id_body),
                        id_type="passport" if i >= 1000 else "mainland_id",
                        region=rng.choice(regions),
                        employer=f"研究所{i % 300}",
                        birth_date=date(1950 + i % 50, 1, 1),
                    )
                )
            Person.objects.bulk_create(people, batch_size=2000)
            Membership.objects.bulk_create(
                [
                    Membership(
                        society=society,
                        person=p,
                        tier=rng.choice(tiers),
                        status="active" if rng.random() < 0.9 else "lapsed",
                        number=f"BM{i:06d}",
                        joined_on=date(2000 + i % 25, 1, 1),
                    )
                    for i, p in enumerate(people)
                ],
                batch_size=2000,
            )
            print(f"created {args.members} members in {time.perf_counter() - t0:.2f}s")

            def directory_page(params, page):
                qs = member_directory(society, user, DirectoryFilters.from_query(params))
                page = Paginator(qs, DIRECTORY_PAGE_SIZE).get_page(page)
                return [(m.number, m.person.name) for m in page]

            def export_csv():
                return import_export.write_csv(
                    member_directory(society, user, DirectoryFilters()), io.StringIO()
                )

            def export_xlsx():
                return import_export.build_xlsx(member_directory(society, user, DirectoryFilters()))[1]

            cases = [
                ("directory page 1", lambda: directory_page({}, 1)),
                ("directory page 150", lambda: directory_page({}, 150)),
                ("search name '会员0123'", lambda: directory_page({"q": "会员0123"}, 1)),
                ("search employer", lambda: directory_page({"q": "研究所42"}, 1)),
                (
                    "filter tier+status+region",
                    lambda: directory_page(
                        {"tier": "fellow", "status": "active", "region": "mainland", "ordering": "name"}, 1
                    ),
                ),
                ("export CSV (all rows)", export_csv),
                ("export XLSX (all rows)", export_xlsx),
            ]
            print(f"{'operation':<30} {'queries':>7} {'best ms':>9} {'median ms':>10}")
            for label, fn in cases:
                timings = []
                for _ in range(args.repeat):
                    with CaptureQueriesContext(connection) as ctx:
                        start = time.perf_counter()
                        fn()
                        timings.append((time.perf_counter() - start) * 1000)
                print(
                    f"{label:<30} {len(ctx.captured_queries):>7} {min(timings):>9.1f} "
                    f"{statistics.median(timings):>10.1f}"
                )
            raise Rollback
    except Rollback:
        print("(all benchmark rows rolled back)")


if __name__ == "__main__":
    main()
