"""Throughput under wrk on loopback: three list views served by gunicorn beside a bare Django view returning
a response of the same size, in the same run, as a ratio.

gunicorn runs `config.wsgi` with bench/settings.py (2 sync workers — the machine's 2 cores — no access
log); the bare view (/__bench__/bare/<bytes>/, bench/urls.py) goes through the same middleware with the
same signed-in session cookie but runs no query and renders no template, so the ratio is what the view's
own work (queries, template) costs. wrk: 2 threads, 8 connections, BENCH_WRK_SECONDS (default 10) per
URL, run on the same two cores as the server. Target: list view ≥ 0.5 × the bare view's requests/s.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from bench.common import ROOT, arguments, bench_users, logged_in_client, setup_django, write

TARGET_RATIO = 0.5
PORT = int(os.environ.get("BENCH_PORT", "18915"))


def wait_for_port(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not listen on {port}")


def fetch(url: str, cookie: str) -> tuple[int, int]:
    request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310 - loopback only
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
        return response.status, len(response.read())


def wrk(url: str, cookie: str, seconds: int) -> dict:
    out = subprocess.run(  # noqa: S603
        [
            "wrk",
            "-t2",
            "-c8",
            f"-d{seconds}s",
            "--timeout",
            "60s",
            "--latency",
            "-H",
            f"Cookie: {cookie}",
            url,
        ],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}
    return {
        "rps": rps,
        "latency_p50_ms": round(float(p50.group(1)) * scale[p50.group(2)], 2) if p50 else None,
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def main() -> None:
    args = arguments(__doc__.splitlines()[0])
    setup_django()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: `make bench` installs it (scripts/system-deps.sh wrk)")
    from django.conf import settings

    admin, big, secretary = bench_users()
    name = settings.SESSION_COOKIE_NAME
    cookies = {
        who: f"{name}={logged_in_client(user).cookies[name].value}"
        for who, user in (("admin", admin), ("secretary", secretary))
    }
    seconds = int(os.environ.get("BENCH_WRK_SECONDS", "10"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    server = subprocess.Popen(  # noqa: S603
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
            "--timeout",
            "300",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    rows = []
    try:
        wait_for_port(PORT)
        base = f"http://127.0.0.1:{PORT}"
        views = [
            ("society list", "/societies/", "admin"),
            (f"member directory p1 ({big.code})", f"/societies/{big.pk}/members/", "secretary"),
            ("filing review queue", "/activities/review/", "admin"),
        ]
        for name, path, who in views:
            cookie = cookies[who]
            status, size = fetch(base + path, cookie)
            fetch(base + path, cookie)  # both workers warm
            view = wrk(base + path, cookie, seconds)
            bare_url = f"{base}/__bench__/bare/{size}/"
            assert fetch(bare_url, cookie) == (200, size)
            bare = wrk(bare_url, cookie, seconds)
            ratio = view["rps"] / max(bare["rps"], 0.01)
            rows.append(
                {
                    "group": "throughput",
                    "name": f"{name} vs bare view ({size:,} bytes)",
                    "value": round(ratio, 3),
                    "unit": "×",
                    "view_rps": view["rps"],
                    "bare_rps": bare["rps"],
                    "view_p50_ms": view["latency_p50_ms"],
                    "bare_p50_ms": bare["latency_p50_ms"],
                    "status": status,
                    "non_2xx": view["non_2xx"],
                    "target": f"≥ {TARGET_RATIO}× bare",
                    "met": status == 200 and view["non_2xx"] == 0 and ratio >= TARGET_RATIO,
                }
            )
            print(f"  {name:<36} {view['rps']:8.1f} req/s vs bare {bare['rps']:8.1f} → {ratio:.3f}×")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    write(args.out, rows)


if __name__ == "__main__":
    sys.exit(main())
