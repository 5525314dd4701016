"""Benchmark: the member directory of ONE society at full scale (300,000 members by default), kept in the
database between runs so before/after figures of a fix are measured on the same rows with fresh planner
statistics (bench/members_directory.py seeds inside a transaction it rolls back, where PostgreSQL has no
statistics of the new rows).

    DJANGO_SETTINGS_MODULE=config.test_settings \\
    TEST_DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/portal_bench \\
    .venv/bin/python bench/members_at_scale.py [--members 300000] [--repeat 5] [--drop]

The first run seeds the society `bench-scale` (COPY-speed bulk inserts, then ANALYZE); later runs reuse
it. `--drop` removes it. Measured, per operation: SQL queries, best and median wall time:
- the directory page served by the real view (test client: session, reach, template), page 1 and a deep
  page, name / number / employer search, a filtered page;
- the CSV export response consumed to its end (streamed);
- the XLSX export: the request (which only queues the job) and the job itself (build + store).
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
    # The benchmark's CAST administrator signs in without a second factor or a password change.
    os.environ.setdefault("PORTAL_REQUIRE_2FA_ROLES", "award_reviewer")
    os.environ.setdefault("PASSWORD_MAX_AGE_DAYS", "0")
    import django

    django.setup()


CODE = "bench-scale"


def seed(n: int):
    from datetime import date
    from random import Random

    from django.db import connection, transaction

    from members.models import Membership, Person
    from societies.models import Society
    from societies.validators import credit_code_check_char

    rng = Random(7)
    tiers = ["student", "ordinary", "ordinary", "ordinary", "senior", "fellow"]
    regions = ["mainland"] * 18 + ["hong_kong", "foreign"]
    surnames = (
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    )
    given = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志宏文斌"
    employers = [
        f"{city}{kind}"
        for city in "北京上海广州武汉南京西安成都杭州长沙哈尔滨"
        for kind in ("大学", "理工大学", "师范大学", "医学院", "研究所", "研究院", "科技有限公司", "设计院")
    ]
    t0 = time.perf_counter()
    with transaction.atomic():
        body = "51100000BENCH0002"[:17]
        society = Society.objects.create(
            code=CODE,
            name="规模基准学会",
            discipline="science",
            credit_code=body + credit_code_check_char(body),
        )
        batch = 20000
        for start in range(0, n, batch):
            people = [
                Person(
                    name=rng.choice(surnames) + rng.choice(given) + rng.choice(given) + f"{i % 97:02d}",
                    id_number=f"S{i:09d}",
                    id_type="passport",
                    region=rng.choice(regions),
                    employer=f"{rng.choice(employers)}{i % 400}",
                    birth_date=date(1950 + i % 50, 1 + i % 12, 1),
                )
                for i in range(start, min(n, start + batch))
            ]
            Person.objects.bulk_create(people, batch_size=5000)
            Membership.objects.bulk_create(
                [
                    Membership(
                        society=society,
                        person=p,
                        tier=rng.choice(tiers),
                        status="active" if rng.random() < 0.9 else "lapsed",
                        number=f"SM{start + j:07d}",
                        joined_on=date(2000 + (start + j) % 25, 1, 1),
                    )
                    for j, p in enumerate(people)
                ],
                batch_size=5000,
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE members_person; ANALYZE members_membership")
    print(f"seeded {n} members in {time.perf_counter() - t0:.1f}s")
    return society


def drop():
    from django.db import connection

    from members.models import Membership, Person
    from societies.models import Society

    society = Society.objects.filter(code=CODE).first()
    if society is None:
        return
    people = list(Membership.objects.filter(society=society).values_list("person_id", flat=True))
    Membership.objects.filter(society=society).delete()
    for i in range(0, len(people), 50000):
        Person.objects.filter(pk__in=people[i : i + 50000]).delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE society_id = %s", [society.pk])
    society.delete()
    print("dropped")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--drop", action="store_true")
    parser.add_argument("--only", default="", help="comma-separated labels (substring match)")
    args = parser.parse_args()
    setup_django()

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    from societies.models import Society

    if args.drop:
        drop()
        return
    setup_test_environment()
    society = Society.objects.filter(code=CODE).first() or seed(args.members)
    user, _ = get_user_model().objects.get_or_create(
        username="bench-scale-admin", defaults={"is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    members_url = reverse("societies:members", args=[society.pk])
    pages = society.memberships.count() // 50

    def get(params):
        response = client.get(members_url, params)
        assert response.status_code == 200, response.status_code
        return response

    def export(fmt, params=None):
        response = client.get(reverse("societies:members_export", args=[society.pk, fmt]), params or {})
        assert response.status_code in (200, 302), response.status_code
        if getattr(response, "streaming", False):
            return sum(len(chunk) for chunk in response.streaming_content)
        return len(response.content)

    cases = [
        ("directory page 1", lambda: get({})),
        ("directory page 150", lambda: get({"page": 150})),
        (f"directory last page ({pages})", lambda: get({"page": pages})),
        ("search name '王伟'", lambda: get({"q": "王伟"})),
        ("search number 'SM0123456'", lambda: get({"q": "SM0123456"})),
        ("search employer '武汉研究所'", lambda: get({"q": "武汉研究所"})),
        # The seeded employers are "<one city character><kind><n>" (汉研究所12): 46 matches; a full name of
        # three characters is what pg_trgm's index can serve (a 2-character query cannot use it).
        ("search employer '汉研究所12'", lambda: get({"q": "汉研究所12"})),
        ("search full name '王伟芳'", lambda: get({"q": "王伟芳"})),
        (
            "filter tier+status+region",
            lambda: get({"tier": "fellow", "status": "active", "region": "mainland", "ordering": "name"}),
        ),
        ("order by name page 1", lambda: get({"ordering": "name"})),
        ("export CSV (all rows)", lambda: export("csv")),
        ("export XLSX request", lambda: export("xlsx")),
    ]
    xlsx_job = _xlsx_job_case(society, user)
    if xlsx_job is not None:
        cases.append(("export XLSX job (build+store)", xlsx_job))
    only = [s for s in args.only.split(",") if s]
    print(f"{society.memberships.count()} members; PostgreSQL {connection.pg_version}")
    print(f"{'operation':<34} {'queries':>7} {'best ms':>9} {'median ms':>10}")
    for label, fn in cases:
        if only and not any(s in label for s in only):
            continue
        timings = []
        repeat = 1 if "XLSX" in label and "request" not in label else args.repeat
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                fn()
                timings.append((time.perf_counter() - start) * 1000)
        print(
            f"{label:<34} {len(ctx.captured_queries):>7} {min(timings):>9.1f} "
            f"{statistics.median(timings):>10.1f}",
            flush=True,
        )


def _xlsx_job_case(society, user):
    """The XLSX export job run in this process (what the worker does), when the portal has one."""
    try:
        from members import exports, services
    except ImportError:
        return None

    def run():
        job = services.start_export(actor=user, society=society, params={}, fmt="xlsx", enqueue=False)
        job = exports.run_export(job.pk)
        job.file.delete(save=False)

    return run


if __name__ == "__main__":
    main()
