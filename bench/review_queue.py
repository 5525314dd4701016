"""Benchmark: CAST's filing review queue page and its CSV export with 10,000 submitted filings.

Run on demand (not in the test suite), on PostgreSQL. Everything it creates is rolled back.

    DJANGO_SETTINGS_MODULE=config.test_settings \\
    TEST_DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/portal_bench \\
    .venv/bin/python bench/review_queue.py [--filings 10000] [--repeat 5]

(`make bench` creates and migrates that database and runs every benchmark.) Prints, per operation,
the SQL query count and best/median wall time of the whole request through Django's test client.
"""

import argparse
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


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--filings", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    setup_django()

    from datetime import timedelta

    from django.contrib.auth.models import Group
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import User
    from activities.models import Activity
    from societies.models import Society
    from societies.validators import credit_code_check_char

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            t0 = time.perf_counter()
            societies = []
            for i in range(20):
                body = f"511000009{i:08d}"
                societies.append(
                    Society.objects.create(
                        code=f"bench{i}",
                        name=f"基准学会{i}",
                        discipline="science",
                        credit_code=body + credit_code_check_char(body),
                        business_scope=["150"],
                    )
                )
            admin = User.objects.create(username="bench_admin", name="基准管理员")
            admin.set_password("bench-Passw0rd-1")
            admin.save()
            admin.groups.add(Group.objects.get_or_create(name="cast_admin")[0])
            start = timezone.localdate() + timedelta(days=30)
            Activity.objects.bulk_create(
                [
                    Activity(
                        society=societies[i % 20],
                        title=f"基准研讨会{i}",
                        kind="seminar",
                        duties="主办",
                        starts_on=start,
                        ends_on=start,
                        location="北京",
                        scope_codes=["150"],
                        status="submitted",
                        submitted_at=timezone.now(),
                        created_by=admin,
                    )
                    for i in range(args.filings)
                ],
                batch_size=2000,
            )
            print(f"created {args.filings} submitted filings in {time.perf_counter() - t0:.2f}s")
            client = Client()
            client.force_login(admin)
            operations = {
                "queue page 1": "/activities/review/",
                "queue page 100": "/activities/review/?page=100",
                "queue filtered by society": f"/activities/review/?society={societies[3].pk}",
                "queue search": "/activities/review/?q=研讨会999",
                "queue CSV export (all)": "/activities/review/?export=csv",
            }
            print(f"{'operation':<30} {'queries':>7} {'best ms':>9} {'median ms':>10}")
            for name, url in operations.items():
                times = []
                for _ in range(args.repeat):
                    with CaptureQueriesContext(connection) as queries:
                        t = time.perf_counter()
                        response = client.get(url)
                        times.append((time.perf_counter() - t) * 1000)
                    assert response.status_code == 200, (url, response.status_code)
                print(f"{name:<30} {len(queries):>7} {min(times):>9.1f} {statistics.median(times):>10.1f}")
            raise Rollback
    except Rollback:
        print("(all benchmark rows rolled back)")


if __name__ == "__main__":
    main()
