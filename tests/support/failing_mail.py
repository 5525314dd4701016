"""E-mail backends that fail on purpose, to show that a broken mail server costs a retry, not a change.

`AlwaysFailingBackend` raises on every send (in-process tests count its attempts). `FlakyRedisBackend`
fails the first FLAKY_MAIL_FAILURES sends (default 2) and then delivers; it keeps its count and the
delivered messages in Redis under FLAKY_MAIL_KEY, so a test can watch a separate worker process retry.
"""

import json
import os
import smtplib

import redis
from django.core.mail.backends.base import BaseEmailBackend

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


class AlwaysFailingBackend(BaseEmailBackend):
    attempts = 0  # class-wide: Django builds a new backend per connection

    def send_messages(self, email_messages):
        type(self).attempts += 1
        raise smtplib.SMTPServerDisconnected("test: the mail server hung up")


def flaky_keys(key: str) -> tuple[str, str]:
    """The Redis keys holding the attempt count and the delivered messages of the run named `key`."""
    return f"{key}:attempts", f"{key}:delivered"


class FlakyRedisBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        attempts_key, delivered_key = flaky_keys(os.environ["FLAKY_MAIL_KEY"])
        client = redis.Redis.from_url(REDIS_URL)
        attempt = client.incr(attempts_key)
        client.expire(attempts_key, 600)
        if attempt <= int(os.environ.get("FLAKY_MAIL_FAILURES", "2")):
            raise smtplib.SMTPException(f"test: attempt {attempt} refused")
        for message in email_messages:
            client.rpush(
                delivered_key,
                json.dumps({"subject": message.subject, "to": message.to, "body": message.body}),
            )
        client.expire(delivered_key, 600)
        return len(email_messages)
