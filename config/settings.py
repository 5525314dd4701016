"""Settings for the Society Governance Portal, read from the environment.

Every value a deployment may change comes from an environment variable through
django-environ's typed readers, so a wrong value fails at start-up, not at the
first request. With nothing set, the portal runs on an embedded SQLite file and
runs Celery tasks in-process: that is what `make run` needs on a bare machine.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy

BASE_DIR = Path(__file__).resolve().parent.parent
# Local state (SQLite file, uploads, collected static) lives in var/, outside the source tree's code.
(BASE_DIR / "var" / "static").mkdir(parents=True, exist_ok=True)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# Embedded mode (SQLite file, tasks in-process) for a single-machine demo. With DEBUG off the portal refuses
# to start in it unless this says so explicitly (core/startup.py); `make run` sets it.
PORTAL_EMBEDDED = env.bool("PORTAL_EMBEDDED", default=False)
# Adds /__probe__/500/, a URL that fails on purpose, so the production smoke test sees the styled 500 page.
PORTAL_ERROR_PROBE = env.bool("PORTAL_ERROR_PROBE", default=False)
SECRET_KEY = env.str(
    "DJANGO_SECRET_KEY",
    default="dev-only-insecure-key-change-me-" + "x" * 32 if DEBUG else environ.Env.NOTSET,
)
# The container health check calls http://localhost:8000/healthz, so loopback names are always allowed.
ALLOWED_HOSTS = [*env.list("DJANGO_ALLOWED_HOSTS", default=[]), "127.0.0.1", "localhost"]
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "axes",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "simple_history",
    "django_htmx",
    "django_celery_beat",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # The portal's own rooms.
    "core",
    "accounts",
    "societies",
    "members",
    "branches",
    "activities",
    "awards",
    "party_building",
    "compliance",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.AuditContextMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.NulParameterMiddleware",  # before sessions: it drops a cookie holding a NUL
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "core.middleware.RefusalAuditMiddleware",
    "core.headers.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    # A session older than SESSION_ABSOLUTE_AGE is ended; an expired password sends its user to change it.
    "accounts.middleware.SessionLifetimeMiddleware",
    # After every header middleware above (its redirects carry them): an unverified session of a 2FA role
    # reaches only login/logout and the two-factor pages; the second factor comes before a password change.
    "accounts.two_factor.TwoFactorMiddleware",
    "accounts.middleware.PasswordExpiryMiddleware",
    # Last: turns a login refused by django-axes into the lockout answer (accounts.lockout).
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy (django-csp): everything from the portal itself, nothing inline, no frames.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'portal.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)


def tune_postgres(database: dict) -> dict:
    """PostgreSQL's JIT compiler off (DATABASE_JIT=true keeps it): it compiles any query whose estimated
    cost is high — a search over 6M people — and spent 40 ms of a 45 ms query doing it (bench/search.py);
    JIT pays for long analytic queries, not for the portal's short ones."""
    if "postgresql" in database.get("ENGINE", "") and not env.bool("DATABASE_JIT", default=False):
        options = database.setdefault("OPTIONS", {})
        options["options"] = (options.get("options", "") + " -c jit=off").strip()
    return database


tune_postgres(DATABASES["default"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Where the portal is reached, for the links mail carries (the e-mail verification link).
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")
# How long an e-mail verification link stays valid.
EMAIL_VERIFICATION_MAX_AGE = env.int("EMAIL_VERIFICATION_MAX_AGE_SECONDS", default=3 * 24 * 3600)
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username+IP before any password is checked (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Anonymous visitors see public pages only; guardian's anonymous user row is not needed.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # 等保2.0: three of lowercase, uppercase, digits, symbols; none of the last five passwords again.
    {"NAME": "accounts.validators.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "accounts.validators.PasswordHistoryValidator", "OPTIONS": {"remember": 5}},
]
# Days a password stays valid; past that its user is sent to change it after login (0: never expires).
PASSWORD_MAX_AGE_DAYS = env.int("PASSWORD_MAX_AGE_DAYS", default=90)
# --- Sessions: 30 minutes idle (each request pushes the expiry on), 12 hours at most since login ---
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_AGE = env.int("SESSION_ABSOLUTE_SECONDS", default=12 * 3600)

# --- Lockout (django-axes): 5 failed logins of one username from one IP lock that pair for 15 minutes ---
# Keyed on username+IP, so a colleague behind the same office NAT is not locked out by someone else's
# typing, and nobody can lock a user out from another address; the per-IP rate of the token endpoint is
# DRF's throttle below. The lock is not extended by attempts made while locked; a success resets the count.
# Web login, the admin login, POST api/v1/auth/token/ (accounts.api.tokens, a wrong `otp` included) and
# password reset go through it: the request and the link step are counted per IP under the fixed keys
# "password-reset:request" / "password-reset:confirm" (accounts.lockout; no username holds a colon).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# The client address is REMOTE_ADDR (accounts.security.client_ip), never a header a client can forge.
AXES_CLIENT_IP_CALLABLE = "accounts.security.client_ip"
AXES_ENABLE_ACCESS_FAILURE_LOG = True

# Two-factor authentication (accounts/two_factor.py): these roles must enrol an authenticator app and pass
# a code after the password, on the web and for an API token (等保2.0 L3).
PORTAL_REQUIRE_2FA_ROLES = env.list(
    "PORTAL_REQUIRE_2FA_ROLES", default=["cast_admin", "party_reviewer", "secretary"]
)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="学会治理与服务平台")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# The empty choice of a list's filter (core.tables, django-filter) reads "All", not "---------".
FILTERS_EMPTY_CHOICE_LABEL = gettext_lazy("All")
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND", default="whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded documents (resolutions, attachments) live outside the web root and are
# served only through views that check the user's rights.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="学会治理与服务平台 <noreply@portal.cast.org.cn>")

# --- Security (all on when DEBUG is off; `check --deploy` must report nothing) ---
# X-Forwarded-Proto is believed only behind the TLS proxy that sets it (compose: the `proxy` service);
# a client talking to gunicorn directly could otherwise claim HTTPS.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("PORTAL_BEHIND_TLS_PROXY", default=False) else None
)
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Throttles and (in a deployment with several workers) anything else cached: set CACHE_URL to a Redis
# database (redis://redis:6379/2) so every worker counts the same requests; locmem counts per process.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# --- Past one machine (docs/scaling.md): every switch off by default, each one setting turns it on ---
# REDIS_URL (redis://redis:6379/2): the cache (throttles, axes) and the sessions live in Redis, so any web
# node serves any user. Sessions get their own alias (REDIS_SESSION_URL, default the same server) so a
# cache.clear() never signs everyone out; CACHE_URL, when set, still names the cache itself.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    if not env.str("CACHE_URL", default=""):
        CACHES["default"] = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    CACHES["sessions"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env.str("REDIS_SESSION_URL", default=REDIS_URL),
        "KEY_PREFIX": "session",
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    SESSION_CACHE_ALIAS = "sessions"

# DATABASE_REPLICA_URL: a PostgreSQL read replica. Reports and exports read their data from it
# (core.db_router.replica_reads); everything else, and every write, stays on the primary.
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = tune_postgres(
        {
            **env.db_url_config(DATABASE_REPLICA_URL),
            "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
            "TEST": {"MIRROR": "default"},  # a test run reads the test database through the alias
        }
    )
    DATABASE_ROUTERS = ["core.db_router.ReplicaRouter"]

# S3_BUCKET: uploads and generated files (reports, exports) in S3-compatible object storage through
# django-storages (MinIO in docker-compose; pip install 'society-portal[s3]'). Files are then fetched
# through the portal's own views (the rights are checked there), never by a public URL.
S3_BUCKET = env.str("S3_BUCKET", default="")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "location": env.str("S3_PREFIX", default=""),
            "default_acl": None,  # the bucket's own policy: private
            "file_overwrite": False,  # a new report version never replaces an older file
            "querystring_auth": True,
        },
    }

# API tokens (accounts.ApiToken): stored as SHA-256 hashes, each valid this many days after it was issued.
API_TOKEN_TTL_DAYS = env.int("API_TOKEN_TTL_DAYS", default=30)

# --- REST API (conventions of shared/API.md) ---
# JSON bodies (core.api.parsers): larger or deeper is a 400 naming the body, never a 500.
API_JSON_MAX_BYTES = env.int("API_JSON_MAX_BYTES", default=1024 * 1024)
API_JSON_MAX_DEPTH = env.int("API_JSON_MAX_DEPTH", default=32)
REST_FRAMEWORK = {
    "DEFAULT_PARSER_CLASSES": [
        "core.api.parsers.PortalJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an unauthenticated request then gets 401 with WWW-Authenticate, not 403.
        "accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # Requests per client: anonymous per IP, signed in per user; `auth_token` is POST auth/token/ per IP.
    "DEFAULT_THROTTLE_CLASSES": ["core.api.throttling.AnonThrottle", "core.api.throttling.UserThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="60/min"),
        "user": env.str("API_THROTTLE_USER", default="1200/min"),
        "auth_token": env.str("API_THROTTLE_AUTH_TOKEN", default="10/min"),
    },
    # Proxies in front that append to X-Forwarded-For. 0: the client is REMOTE_ADDR — DRF's default (None)
    # would take a client's own X-Forwarded-For header and let it pick a fresh throttle bucket per request.
    "NUM_PROXIES": env.int("API_NUM_PROXIES", default=0),
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.PortalPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "学会治理与服务平台 API",
    "DESCRIPTION": "Society Governance Portal public REST API (v1). Names are fixed by shared/API.md.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI's files come from drf-spectacular-sidecar: the portal runs without internet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several resources share the name `status` with different value sets: name each enum explicitly.
    "ENUM_NAME_OVERRIDES": {
        "SocietyStatusEnum": "societies.choices.SocietyStatus",
        "MembershipStatusEnum": "members.choices.MembershipStatus",
        "ApplicationStatusEnum": "members.choices.ApplicationStatus",
        "ActivityStatusEnum": "activities.choices.ActivityStatus",
        "ActivityKindEnum": "activities.choices.ActivityKind",
        "MembershipCategoryEnum": "members.choices.MembershipCategory",
        "AwardCategoryEnum": "awards.choices.AwardCategory",
        "FindingStatusEnum": "compliance.choices.FindingStatus",
        # sweeps and reports share their job states (queued, running, done, failed)
        "JobStatusEnum": "compliance.choices.SweepStatus",
        "ReportKindEnum": "reports.choices.ReportKind",
        "AnnualReportStatusEnum": "reports.choices.AnnualReportStatus",
    },
}

# --- Celery ---
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or "cache+memory://")
# No broker configured: run tasks in-process so `make run` needs no Redis.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = CELERY_BROKER_URL or "memory://"
CELERY_TASK_ACKS_LATE = True
# acks_late alone leaves a task whose worker died (OOM, SIGKILL) acknowledged and lost: requeue it instead.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
# Redis redelivers a message not acknowledged within visibility_timeout. It stays above the hard time limit
# (15 min) and the longest retry countdown (mail: 10 min), or a running or waiting task would run twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_RESULT_EXPIRES = 24 * 3600
# Mail tasks retry after up to MAIL_RETRY_BACKOFF · 2ⁿ seconds (jittered, capped at 10 min; core/mail.py):
# with the default of 30 s the 8 retries reach up to ~45 minutes past the first failure.
MAIL_RETRY_BACKOFF = env.int("MAIL_RETRY_BACKOFF", default=30)
# Seconds a compliance sweep waits after each check it commits: a throttle that leaves the database to
# the users' requests during a daytime sweep on a busy server (0: none).
COMPLIANCE_SWEEP_PAUSE = env.float("COMPLIANCE_SWEEP_PAUSE", default=0.0)
# Days a rejected applicant's personal data stays visible to the society that decided (then only to CAST
# and the person): members.permissions.decided_applicant_cutoff.
DECIDED_APPLICANT_DAYS = env.int("DECIDED_APPLICANT_DAYS", default=90)
# Nightly database dumps (core.backup): where, and how many to keep.
BACKUP_DIR = env.path("BACKUP_DIR", default=BASE_DIR / "var" / "backups")
BACKUP_KEEP = env.int("BACKUP_KEEP", default=7)
# The HTML → PDF renderer of reports (reports.pdf); the tests start a worker with one that fails on purpose.
REPORT_PDF_RENDERER = env.str("REPORT_PDF_RENDERER", default="reports.pdf.weasyprint_render")
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# CELERY_ROUTE_BY_KIND: tasks go to a queue per kind, each with its own workers (docker-compose: worker-mail,
# worker-sweeps, worker-reports, worker-exports), so a long sweep or a 300,000-row export never holds up a
# mail. Off: everything goes to the one default queue ("celery") that a single worker serves.
PORTAL_TASK_QUEUES = {
    "mail": [
        "activities.notify_*",
        "members.notify_*",
        "compliance.send_digest",
        "compliance.send_digests",
    ],
    "sweeps": [
        "compliance.run_sweep",
        "compliance.nightly_sweep",
        "branches.open_inactivity_findings",
        "core.backup_database",
        "core.purge_audit",
    ],
    "reports": ["reports.*"],
    "exports": ["members.export_members"],
}
CELERY_TASK_ROUTES = (
    {name: {"queue": queue} for queue, names in PORTAL_TASK_QUEUES.items() for name in names}
    if env.bool("CELERY_ROUTE_BY_KIND", default=False)
    else {}
)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Scheduled rule checks; django-celery-beat copies these into its tables, where CAST can change the
# schedule or pause it (admin: Periodic tasks). The nightly sweep sends the secretaries' digests after it.
CELERY_BEAT_SCHEDULE = {
    "backup-database": {
        "task": "core.backup_database",
        "schedule": crontab(hour=1, minute=15),
    },
    "compliance-nightly-sweep": {
        "task": "compliance.nightly_sweep",
        "schedule": crontab(hour=2, minute=30),
    },
    # After the sweep: the scorecard counts its findings (reports.scorecard.store).
    "scorecard-nightly-refresh": {
        "task": "reports.refresh_scorecards",
        "schedule": crontab(hour=4, minute=15),
    },
}

# The version of the personal-data notice in force (members.privacy): change the notice's text, change
# this version, and every member whose last consent is to another version consents again.
PRIVACY_NOTICE_VERSION = env.str("PRIVACY_NOTICE_VERSION", default="2026-12-01")

# The trail of core.audit: the client IP comes from REMOTE_ADDR, or from X-Forwarded-For only behind a
# proxy that sets it (compose's TLS proxy); rows are kept AUDIT_RETENTION_DAYS (at least 180, 等保2.0 L3:
# six months) and then removed by core.purge_audit.
AUDIT_TRUST_X_FORWARDED_FOR = env.bool("AUDIT_TRUST_X_FORWARDED_FOR", default=False)
AUDIT_RETENTION_MIN_DAYS = 180
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=365)
if AUDIT_RETENTION_DAYS < AUDIT_RETENTION_MIN_DAYS:
    raise ImproperlyConfigured(f"AUDIT_RETENTION_DAYS must be at least {AUDIT_RETENTION_MIN_DAYS}.")
CELERY_BEAT_SCHEDULE["core-purge-audit"] = {
    "task": "core.purge_audit",
    "schedule": crontab(hour=3, minute=45),
}
# Uploads held across a form's validation error (core.uploads) are removed hourly once their tokens
# (valid 24 h) have expired.
CELERY_BEAT_SCHEDULE["core-purge-held-uploads"] = {
    "task": "core.purge_held_uploads",
    "schedule": crontab(minute=20),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# Demo passwords printed by `make run`; only used by the demo command.
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="demo-Portal-2026")
