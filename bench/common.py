"""What every benchmark module shares: Django set-up, timing, the bench personas, and the result rows.

A module is run by bench/run.py as `python -m bench.<module> --out FILE` with TEST_DATABASE_URL pointing
at the dataset's database; it writes a JSON list of result rows:

    {"group", "name", "value", "unit", "target", "met", ...extra columns}

`met` is True/False, or None where a figure has no target of its own (context, floors).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


def arguments(description: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--out", required=True, help="JSON file the result rows are written to")
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", "15")))
    parser.add_argument("--scale", type=float, default=float(os.environ.get("BENCH_SCALE", "1.0")))
    return parser.parse_args()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


BUDGET_S = float(os.environ.get("BENCH_BUDGET_S", "40"))


def timed(fn: Callable[[], object], repeat: int, warmup: int = 1, budget_s: float = BUDGET_S) -> dict:
    """Median and p95 wall time (ms) of `fn` over `repeat` runs after `warmup` unmeasured ones — fewer
    (at least 3) when the runs have used up `budget_s` seconds: a 10-second page is measured 3-4 times."""
    for _ in range(warmup):
        fn()
    times: list[float] = []
    spent = time.perf_counter()
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
        if len(times) >= 3 and time.perf_counter() - spent > budget_s:
            break
    return {
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(percentile(times, 0.95), 2),
        "min_ms": round(min(times), 2),
        "runs": len(times),
    }


def write(out: str, rows: list[dict]) -> None:
    Path(out).write_text(json.dumps(rows, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    for row in rows:
        met = {True: "met", False: "NOT MET", None: ""}[row.get("met")]
        print(f"  {row['group']:<14} {row['name']:<48} {row['value']!s:>10} {row['unit']:<6} {met}")


def bench_users():
    """(CAST admin, the largest society, its secretary) as the generator made them."""
    from django.db.models import Count

    from accounts.models import User
    from societies.models import Society

    admin = User.objects.get(username="bench_admin")
    society = Society.objects.annotate(n=Count("memberships")).order_by("-n", "pk").first()
    secretary = User.objects.get(username=f"bench_sec_{society.code}")
    return admin, society, secretary


def logged_in_client(user):
    """A test client signed in as `user`, the second factor passed as django_otp.login records it."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.two_factor import requires_two_factor

    client = Client()
    client.force_login(user)
    if requires_two_factor(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name="authenticator", confirmed=True
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
