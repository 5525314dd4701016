"""A PDF renderer that fails on purpose (REPORT_PDF_RENDERER in a test worker's environment), to show that a
failed generation is recorded with its reason and that a retry completes. It keeps its attempt count in
Redis under FLAKY_PDF_KEY, so a test can drive a separate worker process; FLAKY_PDF_FAILURES (default 1)
attempts fail, FLAKY_PDF_DELAY seconds are slept first (time to kill the worker mid-render)."""

import os
import time

import redis

from reports.pdf import weasyprint_render

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def flaky_render(parts: list[str]) -> tuple[bytes, int]:
    key = f"{os.environ['FLAKY_PDF_KEY']}:attempts"
    client = redis.Redis.from_url(REDIS_URL)
    attempt = client.incr(key)
    client.expire(key, 600)
    time.sleep(float(os.environ.get("FLAKY_PDF_DELAY", "0")))
    if attempt <= int(os.environ.get("FLAKY_PDF_FAILURES", "1")):
        raise RuntimeError(f"test: the renderer crashed on attempt {attempt}")
    return weasyprint_render(parts)
