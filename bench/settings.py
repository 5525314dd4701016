"""Settings of the benchmarks: the test settings (PostgreSQL from TEST_DATABASE_URL, DEBUG off, the full
middleware stack, cached templates) plus one bench-only URL, /__bench__/bare/<bytes>/, the floor the
throughput benchmark compares list views with. Nothing here is reachable in the portal's own URLconf."""

from config.test_settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# Production sends mail through a worker; the bench never sends any.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
