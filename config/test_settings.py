"""The test suite's small override: PostgreSQL always, fast hashing, mail kept in memory.

Tests run on real PostgreSQL (never SQLite) because constraints, locking and
trigram search behave differently there. TEST_DATABASE_URL may point elsewhere.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-" + "t" * 40)
os.environ.setdefault("DJANGO_DEBUG", "false")

from .settings import *  # noqa: E402,F403
from .settings import BASE_DIR, env, tune_postgres  # noqa: E402

DATABASES = {
    "default": tune_postgres(
        env.db("TEST_DATABASE_URL", default="postgres://postgres:postgres@127.0.0.1:5432/portal")
    )
}
ALLOWED_HOSTS = ["*"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A worker process started by a test may be given a failing backend (tests/support/failing_mail.py).
EMAIL_BACKEND = env.str("TEST_EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
# live_server cannot serve hashed manifest names; plain storage keeps pages styled in browser tests.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
# Unit tests run tasks in-process; tests marked celery_worker turn eager mode off and talk to a real
# worker over this Redis (the eager path never opens a broker connection, so the URL is harmless).
CELERY_BROKER_URL = env.str("TEST_REDIS_URL", default="redis://127.0.0.1:6379/15")
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
CELERY_TASK_ALWAYS_EAGER = env.bool("TEST_CELERY_EAGER", default=True)
# Tests run with DEBUG off but tasks in-process on purpose; say so, or core.startup refuses to start.
PORTAL_EMBEDDED = True
LANGUAGE_CODE = "zh-hans"
