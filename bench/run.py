"""`make bench`: build (or reuse) the dataset at a scale, run every benchmark module against it, and write
bench/results.md and bench/results.json — the machine, the dataset, each figure beside its target.

    make bench                  # full scale (220 societies, 6M people); the dataset is built once
    make bench SCALE=0.1        # a quick run; results go to bench/results-0_1.md/.json
    .venv/bin/python -m bench.run --scale 0.02 --only pages,search

The dataset's database is BENCH_DATABASE_URL (default postgres://…/portal_bench) with the scale appended
(portal_bench_1_0, portal_bench_0_1, …), so scales never overwrite each other and tests never see them.
Each module runs in its own process (python -m bench.<module>) with that database; a module that fails is
reported as a failed row and the others still run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOAD: dict[str, list[float]] = {}  # 1-minute load average before and after each module
MODULE_GROUPS = {
    "pages": ["page", "api"],
    "search": ["search"],
    "throughput": ["throughput"],
    "sweep": ["sweep"],
    "reports": ["report"],
    "members_io": ["import", "export"],
}
MODULES = ["pages", "search", "throughput", "sweep", "reports", "members_io"]
GROUP_TITLES = {
    "page": "Key pages: server time in-process (test Client, full middleware), target ≤ 50 ms median",
    "api": "API lists: server time in-process, target ≤ 50 ms median",
    "search": "Member search over every person, beside the same SQL raw",
    "throughput": "Throughput under wrk, gunicorn on loopback, list view ÷ bare view of the same size",
    "sweep": "Compliance sweep",
    "report": "Report PDFs beside bare WeasyPrint on the same HTML",
    "import": "Member import",
    "export": "Directory exports",
    "error": "Modules that failed",
}


def scale_tag(scale: float) -> str:
    text = f"{scale:g}"
    return (text if "." in text else f"{text}.0").replace(".", "_")  # 1.0 → 1_0, 0.02 → 0_02


def database_url(scale: float) -> str:
    base = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres:postgres@127.0.0.1:5432/portal_bench")
    return f"{base}_{scale_tag(scale)}"


def machine(url: str) -> dict:
    import psycopg2

    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        cur.execute("SHOW server_version")
        pg = cur.fetchone()[0]
        cur.execute("SHOW shared_buffers")
        shared_buffers = cur.fetchone()[0]
        cur.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cur.fetchone()[0]
    import django

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": pg,
        "shared_buffers": shared_buffers,
        "database_size": size,
        "commit": commit,
    }


def dataset_info(url: str, scale: float) -> dict:
    import psycopg2

    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        cur.execute("SELECT created_at, info FROM bench_dataset WHERE scale = %s", [scale])
        created, info = cur.fetchone()
    return {"created_at": created.isoformat(), **info}


def run_module(module: str, url: str, scale: float, log: Path) -> list[dict]:
    out = Path(tempfile.mkstemp(prefix=f"bench-{module}-", suffix=".json")[1])
    env = {
        **os.environ,
        "TEST_DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_SCALE": str(scale),
    }
    started = time.perf_counter()
    LOAD[module] = [round(os.getloadavg()[0], 1)]
    print(f"\n== {module}", flush=True)
    with log.open("a") as errors:
        done = subprocess.run(  # noqa: S603
            [sys.executable, "-m", f"bench.{module}", "--out", str(out), "--scale", str(scale)],
            cwd=ROOT,
            env=env,
            stderr=errors,
            check=False,
        )
    elapsed = time.perf_counter() - started
    LOAD[module].append(round(os.getloadavg()[0], 1))
    if done.returncode or not out.stat().st_size:
        return [
            {
                "group": "error",
                "name": f"bench.{module} failed (exit {done.returncode}; see {log.name})",
                "value": "",
                "unit": "",
                "target": "",
                "met": False,
            }
        ]
    rows = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    print(f"   ({elapsed:.0f} s)")
    return rows


def _cell(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


DETAIL_KEYS = [
    ("p95_ms", "p95 {} ms"),
    ("runs", "{} runs"),
    ("queries", "{} queries"),
    ("bytes", "{} bytes"),
    ("p50_ms", "p50 {} ms"),
    ("raw_p50_ms", "raw p50 {} ms"),
    ("raw_p95_ms", "raw p95 {} ms"),
    ("ratio_p95", "{}× raw (p95)"),
    ("view_rps", "view {} req/s"),
    ("bare_rps", "bare {} req/s"),
    ("view_p50_ms", "view p50 {} ms"),
    ("pages", "{} pages"),
    ("portal_s", "portal {} s"),
    ("bare_s", "bare {} s"),
    ("pages_per_s", "{} pages/s"),
    ("bare_pages_per_s", "bare {} pages/s"),
    ("seconds", "{} s in all"),
    ("per_file_s", "per file {} s"),
    ("first_byte_s", "{} s to the response"),
    ("streaming", "streaming: {}"),
    ("content_type", "{}"),
    ("runs_s", "runs {} s"),
    ("societies", "{} societies"),
    ("share", "share of rows {}"),
    ("status", "HTTP {}"),
    ("note", "{}"),
]


def markdown(result: dict) -> str:
    m, d = result["machine"], result["dataset"]
    c = d["counts"]
    lines = [
        f"# Benchmark results — scale {result['scale']:g}",
        "",
        f"Run {result['started_at']} ({result['duration_s'] / 60:.0f} min) by `make bench"
        + (f" SCALE={result['scale']:g}`" if result["scale"] != 1.0 else "`")
        + f", commit {m['commit']}. Written by bench/run.py: every figure of one run, beside its target.",
        "",
        "## Machine",
        "",
        f"- CPU: {m['cpu']}, {m['cores']} cores (shared with other work: load average "
        f"{', '.join(map(str, m['load_average_at_start']))} at the start)",
        "- 1-minute load average before → after each module: "
        + ", ".join(f"{k} {v[0]} → {v[-1]}" for k, v in result.get("load_by_module", {}).items()),
        f"- RAM: {m['ram_gb']} GB; {m['os']}",
        f"- PostgreSQL {m['postgresql']} (shared_buffers {m['shared_buffers']}), "
        f"database {m['database_size']}",
        f"- Python {m['python']}, Django {m['django']}",
        "",
        "## Dataset",
        "",
        f"bench/dataset.py via `manage.py bench_dataset --scale {result['scale']:g}`, built "
        f"{d['created_at']} in {d['timings']['total']:.0f} s "
        f"(people and memberships {d['timings'].get('people and memberships', 0):.0f} s):",
        f"{c['societies']:,} societies, {c['people']:,} people, {c['memberships']:,} memberships, "
        f"{c['branches']:,} branches ({c['branch_officers']:,} officers), "
        f"{c['activities']:,} activity filings, "
        f"{c['award_programs']:,} award programs with {c['award_rounds']:,} rounds, {c['nominations']:,} "
        f"nominations, {c['review_assignments']:,} review assignments and {c['reviews']:,} reviews, "
        f"{c['findings']:,} compliance findings, {c['users']:,} users.",
        "",
    ]
    rows = result["results"]
    met = sum(1 for r in rows if r.get("met") is True)
    missed = sum(1 for r in rows if r.get("met") is False)
    lines += [f"**{met} met, {missed} not met.**", ""]
    for note in result.get("notes", []):
        lines += [f"*Note: {note}*", ""]
    if result.get("partial"):
        lines += ["*Partial: the run is still going (or was stopped); modules not listed have not run.*", ""]
    for group, title in GROUP_TITLES.items():
        group_rows = [r for r in rows if r["group"] == group]
        if not group_rows:
            continue
        lines += [f"## {title}", "", "| figure | value | target | met | details |", "|---|---:|---|---|---|"]
        for r in group_rows:
            details = "; ".join(
                fmt.format(_cell(r[k])) for k, fmt in DETAIL_KEYS if r.get(k) not in (None, "", [])
            )
            verdict = {True: "met", False: "**not met**", None: "—"}[r.get("met")]
            value = f"{_cell(r['value'])} {r['unit']}"
            lines.append(f"| {r['name']} | {value} | {r.get('target', '')} | {verdict} | {details} |")
        lines.append("")
    lines += [
        "## Method",
        "",
        "Read the absolute times with the load average above: the machine's two cores are shared with other "
        "work during a run, which inflates every wall time alike; the ratios (portal ÷ raw SQL, list view ÷ "
        "bare view, portal ÷ bare WeasyPrint, time(1.0) ÷ time(0.25)) and the query counts are measured "
        "side by side in the same run and are the steadier figures.",
        "",
        "Each module's docstring says exactly what it measures: bench/pages.py (in-process test Client, "
        "CaptureQueriesContext), bench/search.py (the person search beside its own SQL run raw), "
        "bench/throughput.py (gunicorn, 2 sync workers, wrk -t2 -c8 on loopback, beside "
        "/__bench__/bare/<bytes>/ through the same middleware), bench/sweep.py (the engine's checks over a "
        "scope of every 4th / 2nd / every society by size in this one database — subsets, not separate "
        "databases — each run rolled back), bench/reports.py (reports.engine.run beside "
        "WeasyPrint on the same HTML), bench/members_io.py (members.services.import_members, the "
        "directory export view).",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=float(os.environ.get("SCALE") or 1.0))
    parser.add_argument("--only", default="", help="comma-separated modules (default: all)")
    parser.add_argument("--no-write", action="store_true", help="print, do not write bench/results*")
    parser.add_argument(
        "--merge", action="store_true", help="replace only these modules' rows in the existing results"
    )
    args = parser.parse_args()
    url = database_url(args.scale)
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    started = time.perf_counter()
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "bench_dataset", "--scale", str(args.scale), "--database-url", url],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.test_settings"},
        check=True,
    )
    info = machine(url)
    modules = [m for m in args.only.split(",") if m] or MODULES
    suffix = "" if args.scale == 1.0 else f"-{scale_tag(args.scale)}"
    log = ROOT / "bench" / f"results{suffix}.log"
    if not args.merge:
        log.write_text("")
    rows: list[dict] = []
    previous = ROOT / "bench" / f"results{suffix}.json"
    if args.merge and previous.exists():
        kept = json.loads(previous.read_text(encoding="utf-8"))
        mine = {g for m in modules for g in MODULE_GROUPS[m]}
        rows = [
            r
            for r in kept["results"]
            if r["group"] not in mine and not any(f"bench.{m} " in r["name"] for m in modules)
        ]
        LOAD.update({k: v for k, v in kept.get("load_by_module", {}).items() if k not in modules})
        started_at = kept["started_at"]
    for module in modules:
        rows += run_module(module, url, args.scale, log)
        if not args.no_write:  # after every module, so a run stopped part-way leaves what it measured
            write_results(
                args.scale, suffix, started_at, started, info, url, rows, partial=module != modules[-1]
            )
    if args.no_write:
        print(markdown(_result(args.scale, started_at, started, info, url, rows, partial=False)))
        return
    print(f"\nwrote bench/results{suffix}.md and bench/results{suffix}.json")


def _result(scale, started_at, started, info, url, rows, *, partial: bool) -> dict:
    return {
        "scale": scale,
        "started_at": started_at,
        "duration_s": round(time.perf_counter() - started),
        "partial": partial,
        "machine": info,
        "dataset": dataset_info(url, scale),
        "database": url.rsplit("/", 1)[1],
        "load_by_module": LOAD,
        "results": rows,
    }


def write_results(scale, suffix, started_at, started, info, url, rows, *, partial: bool) -> None:
    result = _result(scale, started_at, started, info, url, rows, partial=partial)
    (ROOT / "bench" / f"results{suffix}.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8"
    )
    (ROOT / "bench" / f"results{suffix}.md").write_text(markdown(result), encoding="utf-8")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
