"""Settings of the benchmarks: the test settings (PostgreSQL from TEST_DATABASE_URL, DEBUG off, the full
middleware stack, cached templates) plus one bench-only URL, /__bench__/bare/<bytes>/, the floor the
throughput benchmark compares list views with. Nothing here is reachable in the portal's own URLconf."""

import os

from config.test_settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# Production sends mail through a worker; the bench never sends any.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# A cap on every statement (BENCH_STATEMENT_TIMEOUT_MS), so a search that scans 6M rows for minutes is
# reported as "over the cap" instead of holding the run for an hour (bench/search.py).
if os.environ.get("BENCH_STATEMENT_TIMEOUT_MS"):
    options = DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    options["options"] = (
        options.get("options", "") + f" -c statement_timeout={int(os.environ['BENCH_STATEMENT_TIMEOUT_MS'])}"
    ).strip()
