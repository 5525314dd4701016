"""A mail that fails twice at the SMTP server is retried by the real worker and delivered on the third try,
while the reviewer's approval was saved and answered at once."""

import json
import time
import uuid

import pytest
import redis

from activities import services
from activities.models import Activity
from tests.factories import filing_data
from tests.support.failing_mail import REDIS_URL, flaky_keys

from .conftest import worker_output

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_approval_mail_is_retried_by_the_worker_until_delivered(
    start_worker, login, secretary_a, cast_admin, society_a
):
    secretary_a.email, secretary_a.preferred_language = "sec@ccs.org.cn", "en"
    secretary_a.save()
    # submitted while tasks still run in-process: only the approval's mail goes to the worker
    filing = services.submit_filing(
        actor=secretary_a,
        activity=services.create_filing(actor=secretary_a, society=society_a, data=filing_data()),
    )
    key = f"test-mail-{uuid.uuid4().hex}"
    attempts_key, delivered_key = flaky_keys(key)
    store = redis.Redis.from_url(REDIS_URL)
    _, proc = start_worker(
        TEST_EMAIL_BACKEND="tests.support.failing_mail.FlakyRedisBackend",
        FLAKY_MAIL_KEY=key,
        FLAKY_MAIL_FAILURES="2",
        MAIL_RETRY_BACKOFF="1",  # waits of up to 1 s and 2 s instead of production's 30 s and 60 s
    )
    try:
        response = login(cast_admin).post(f"/activities/{filing.pk}/approve/", {"comment": "同意"})
        assert response.status_code == 302
        assert Activity.objects.get(pk=filing.pk).status == "approved"  # saved before any mail was tried

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if int(store.get(attempts_key) or 0) >= 3 and store.llen(delivered_key) >= 1:
                break
            time.sleep(0.2)
        else:
            pytest.fail(
                f"attempts={store.get(attempts_key)!r} delivered={store.llen(delivered_key)}\n"
                + worker_output(proc)
            )
        time.sleep(1)  # nothing more arrives: no extra attempt, no duplicate
        assert int(store.get(attempts_key)) == 3
        delivered = [json.loads(raw) for raw in store.lrange(delivered_key, 0, -1)]
        assert len(delivered) == 1
        assert delivered[0]["to"] == ["sec@ccs.org.cn"]
        assert (
            delivered[0]["subject"] == "[Filing filed (approved)] 有机合成前沿研讨会"
        )  # rendered in English
        assert "同意" in delivered[0]["body"]
    finally:
        store.delete(attempts_key, delivered_key)
