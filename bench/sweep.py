"""The full compliance sweep at 0.25, 0.5 and 1.0 of the dataset, and whether its time grows linearly.

Method (one database, not three): the sweep is run through the engine's own steps (every registered
check's `reconcile`, then `escalate_overdue`) over a Scope of societies — every 4th society by size for
0.25, every 2nd for 0.5, all of them for 1.0 — and the share of members, branches and filings those
societies hold is printed beside each time. The 1.0 run is also timed through `engine.run` (the job the
nightly task runs, with its sweep row and audit). Each run sits in a transaction that is rolled back, so
every run sees the same data (the dataset's own first sweep already opened its findings: this is the
steady-state nightly sweep, not the first one). A subset scope filters `society_id IN (…)`, which a full
sweep does not; R-TR-01's check reads only the first society of a multi-society scope.
Targets: ≤ 10 s at full scale; time(1.0) / time(0.25) ≤ 4 × 1.25 (linear, with 25% slack).
"""

from __future__ import annotations

import time

from bench.common import arguments, setup_django, write

TARGET_S = 10.0


def main() -> None:
    args = arguments(__doc__.splitlines()[0])
    setup_django()
    from django.db import transaction
    from django.db.models import Count
    from django.utils import timezone

    from activities.models import Activity
    from branches.models import Branch
    from compliance import engine
    from compliance.registry import Scope, checks
    from members.models import Membership
    from societies.models import Society

    ordered = list(
        Society.objects.annotate(n=Count("memberships")).order_by("-n", "pk").values_list("pk", flat=True)
    )
    totals = {
        "members": Membership.objects.count(),
        "branches": Branch.objects.count(),
        "filings": Activity.objects.count(),
    }

    class Rollback(Exception):
        pass

    def sweep(ids) -> float:
        scope = Scope(today=timezone.localdate(), society_ids=ids)
        started = time.perf_counter()
        try:
            with transaction.atomic():
                for check in checks():
                    engine.reconcile(check, scope, None)
                engine.escalate_overdue(scope, None)
                elapsed = time.perf_counter() - started
                raise Rollback
        except Rollback:
            pass
        return elapsed

    rows = []
    times = {}
    repeat = max(1, min(args.repeat, 3 if args.scale < 0.5 else 1))  # each full run takes most of a minute
    for fraction, step in ((0.25, 4), (0.5, 2), (1.0, 1)):
        ids = frozenset(ordered[::step]) if step > 1 else None
        chosen = ordered[::step]
        share = {
            "members": Membership.objects.filter(society__in=chosen).count() / max(1, totals["members"]),
            "branches": Branch.objects.filter(society__in=chosen).count() / max(1, totals["branches"]),
            "filings": Activity.objects.filter(society__in=chosen).count() / max(1, totals["filings"]),
        }
        runs = [sweep(ids) for _ in range(repeat)]
        best = min(runs)
        times[fraction] = best
        rows.append(
            {
                "group": "sweep",
                "name": f"sweep over {fraction:g} of the dataset (scale {args.scale * fraction:g})",
                "value": round(best, 2),
                "unit": "s",
                "runs_s": [round(r, 2) for r in runs],
                "societies": len(chosen),
                "share": {k: round(v, 3) for k, v in share.items()},
                "target": f"≤ {TARGET_S * fraction:g} s" if args.scale == 1.0 else "",
                "met": best <= TARGET_S * fraction if args.scale == 1.0 else None,
            }
        )
        print(f"  {fraction:4} {best:8.2f} s  share {share}")
    # the real job, once, rolled back
    try:
        with transaction.atomic():
            job = engine.new_sweep(actor=None, society=None, trigger="schedule")
            started = time.perf_counter()
            engine.run(job.pk)
            job_s = time.perf_counter() - started
            raise Rollback
    except Rollback:
        pass
    ratio = times[1.0] / max(times[0.25], 1e-6)
    rows += [
        {
            "group": "sweep",
            "name": "engine.run (the nightly job), all societies",
            "value": round(job_s, 2),
            "unit": "s",
            "target": f"≤ {TARGET_S:g} s at full scale",
            "met": job_s <= TARGET_S if args.scale == 1.0 else None,
        },
        {
            "group": "sweep",
            "name": "time(1.0) / time(0.25)",
            "value": round(ratio, 2),
            "unit": "×",
            "target": "≤ 5 (linear: 4)",
            "met": ratio <= 5.0,
        },
    ]
    write(args.out, rows)


if __name__ == "__main__":
    main()
