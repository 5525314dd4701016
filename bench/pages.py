"""Server time (median, p95) and query count of each key page and API list, in-process.

Each request goes through Django's test Client — the whole middleware stack, sessions in PostgreSQL,
templates cached, DEBUG off (bench/settings.py) — with CaptureQueriesContext counting its queries; no
network and no gunicorn (bench/throughput.py measures those). The member directory is also fetched for
the smallest society: the same query count there and in the largest shows whether it is constant.
Target: median ≤ 50 ms at full scale, a constant query count.
"""

from __future__ import annotations

from bench.common import arguments, bench_users, logged_in_client, setup_django, timed, write

TARGET_MS = 50.0


def main() -> None:
    args = arguments(__doc__.splitlines()[0])
    setup_django()
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    from accounts.models import User
    from societies.models import Society

    admin, big, big_secretary = bench_users()
    small = Society.objects.annotate(n=Count("memberships")).order_by("n", "pk").first()
    small_secretary = User.objects.get(username=f"bench_sec_{small.code}")
    as_admin = logged_in_client(admin)
    as_big = logged_in_client(big_secretary)
    as_small = logged_in_client(small_secretary)
    anonymous = Client()
    api = APIClient()
    api.force_authenticate(admin)
    api_anonymous = APIClient()
    search = big.memberships.select_related("person").order_by("pk")[1000].person.name

    cases = [
        ("page", "society list", as_admin, "/societies/"),
        ("page", f"member directory p1 ({big.code}, largest)", as_big, f"/societies/{big.pk}/members/"),
        ("page", "member directory p150", as_big, f"/societies/{big.pk}/members/?page=150"),
        ("page", "member directory last page", as_big, f"/societies/{big.pk}/members/?page=last"),
        ("page", f"member directory search '{search}'", as_big, f"/societies/{big.pk}/members/?q={search}"),
        (
            "page",
            f"member directory p1 ({small.code}, smallest)",
            as_small,
            f"/societies/{small.pk}/members/",
        ),
        ("page", "branch clean-up list", as_admin, "/branches/cleanup/"),
        ("page", "filing review queue", as_admin, "/activities/review/"),
        ("page", "findings dashboard", as_admin, "/compliance/"),
        ("page", "findings list", as_admin, "/compliance/findings/"),
        ("page", "public award list", anonymous, "/awards/"),
        ("page", "scorecard table", as_admin, "/reports/scorecard/"),
        ("api", "GET /api/v1/societies/", api, "/api/v1/societies/"),
        (
            "api",
            f"GET /api/v1/memberships/?society={big.code}",
            api,
            f"/api/v1/memberships/?society={big.pk}",
        ),
        ("api", "GET /api/v1/people/", api, "/api/v1/people/"),
        ("api", "GET /api/v1/branches/", api, "/api/v1/branches/"),
        ("api", "GET /api/v1/activities/?status=submitted", api, "/api/v1/activities/?status=submitted"),
        ("api", "GET /api/v1/findings/", api, "/api/v1/findings/"),
        ("api", "GET /api/v1/public/awards/", api_anonymous, "/api/v1/public/awards/"),
        ("api", "GET /api/v1/scorecard/", api, "/api/v1/scorecard/"),
    ]
    rows = []
    for group, name, client, url in cases:
        first = client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        n_queries = len(queries)  # read now: the next request's reset_queries empties the log
        stats = timed(lambda client=client, url=url: client.get(url), args.repeat, warmup=0)
        ok = first.status_code == 200
        rows.append(
            {
                "group": group,
                "name": name,
                "url": url,
                "value": stats["median_ms"],
                "unit": "ms",
                "p95_ms": stats["p95_ms"],
                "queries": n_queries,
                "runs": stats["runs"],
                "bytes": len(first.content) if not first.streaming else None,
                "status": first.status_code,
                "target": f"≤ {TARGET_MS:.0f} ms median",
                "met": ok and stats["median_ms"] <= TARGET_MS,
                "note": "" if ok else f"HTTP {first.status_code}",
            }
        )
        print(f"  {name:<48} {stats['median_ms']:8.1f} ms  p95 {stats['p95_ms']:8.1f}  q={n_queries}")
    big_q = next(r["queries"] for r in rows if "largest" in r["name"])
    small_q = next(r["queries"] for r in rows if "smallest" in r["name"])
    rows.append(
        {
            "group": "page",
            "name": "directory query count, largest vs smallest society",
            "value": f"{big_q} vs {small_q}",
            "unit": "queries",
            "target": "equal",
            "met": big_q == small_q,
        }
    )
    write(args.out, rows)


if __name__ == "__main__":
    main()
