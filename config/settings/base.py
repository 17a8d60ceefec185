"""Settings shared by every environment.

Everything a deployment changes is read from the environment (or a `.env` file beside
`manage.py`): DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS, the e-mail settings and the site's
own address. SQLite is the embedded default; PostgreSQL is used when DATABASE_URL says so.
"""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

SERVICE_NAME = env("SERVICE_NAME", default="Compact Casework")
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# Open Contracting Data Standard: every exercise's ocid is this prefix, a hyphen and its
# reference (ocds-xxxxxx-SWA-C-2026-0001). A publisher registers its own prefix with the
# Open Contracting Partnership; the default is a placeholder that no real publisher has.
OCDS_OCID_PREFIX = env("OCDS_OCID_PREFIX", default="ocds-xxxxxx")

INSTALLED_APPS = [
    # Before the admin, as django-modeltranslation asks.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "django_ratelimit",
    "crispy_forms",
    "crispy_forms_gds",
    "rules.apps.AutodiscoverRulesConfig",
    "django_fsm_log",
    "django_q",
    "django_guid",
    "django_prometheus",
    "health_check",
    "simple_history",
    "viewflow",
    "viewflow.workflow",
    "cases",
    "workflows",
]

MIDDLEWARE = [
    # First and last: counts every request and its time (django-prometheus).
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # Gives each request an id (from X-Request-ID when it is a UUID, or a new one), sent
    # back in the response and written with every log line of the request (django-guid).
    "django_guid.middleware.guid_middleware",
    "django.middleware.security.SecurityMiddleware",
    "cases.api.middleware.JsonErrorsForApi",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # English at /..., Welsh at /cy/... (config.urls); the API answers in the language of
    # Accept-Language (cases.api.middleware.JsonErrorsForApi).
    "django.middleware.locale.LocaleMiddleware",
    "cases.api.language.ApiLanguage",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last but one, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "cases.context_processors.service",
            ],
        },
    },
    {
        # Plain-text e-mails: the same templates folder, without HTML escaping.
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {"autoescape": False},
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The demo's web server, worker processes and timer loop share one SQLite file: each
    # writer waits its turn (IMMEDIATE transactions, a busy timeout) instead of failing with
    # "database is locked", and readers do not wait for writers (WAL).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=20, transaction_mode="IMMEDIATE", init_command="PRAGMA journal_mode=WAL;"
    )


def prepared_statements(database: dict) -> dict:
    """On PostgreSQL, parameters bound by the server, and a statement a connection has run
    five times prepared, so PostgreSQL plans the pages' same few queries once a
    connection, not on every page: planning was most of a list query's time (decision
    record 0013). Behind a pooler in transaction mode (PgBouncer before 1.21), set
    DATABASE_PREPARED_STATEMENTS=false."""
    if database["ENGINE"].endswith("postgresql") and env.bool(
        "DATABASE_PREPARED_STATEMENTS", default=True
    ):
        database.setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
    return database


prepared_statements(DATABASES["default"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses sign-in while an account and address are locked out.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Where a person writes to ask what the service holds about them (the privacy notice); the
# data protection officers of each compact are listed beside it.
DATA_PROTECTION_EMAIL = env("DATA_PROTECTION_EMAIL", default="")

LOGIN_URL = "login"
# A signed-in person lands on their own work (cases.home).
LOGIN_REDIRECT_URL = "your-work"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-gb"
# Each language named in its own words, as the language switch shows it.
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# A compact's own words (its summary, its joint body's name and terms of reference, its
# commitments) have Welsh beside the English (django-modeltranslation: `summary_en_gb`,
# `summary_cy`, ...); a Welsh page shows the Welsh, or the English where there is none yet.
# Registered in cases.register.translation, which also keeps their history.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en-gb"
MODELTRANSLATION_LANGUAGES = ("en-gb", "cy")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en-gb",)
MODELTRANSLATION_TRANSLATION_FILES = ("cases.register.translation",)
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static" / "build"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "config.staticfiles.AppDirectoriesFinderWithoutViewflowFrontend",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded evidence is private: it lives outside the static tree and is served only
# through views that check permission.
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Compact Casework <no-reply@localhost>")
# A mail server that accepts a connection and never answers must not hold the worker:
# the send fails after this many seconds and the job is retried.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Background work: Django Q2 with the database as its queue (docs/decisions/0014). A
# worker holds a job for `retry` seconds; a job it has not finished by then (because it
# died) is presented again. `timeout` stops a job that runs too long, well before that.
Q_CLUSTER = {
    "name": "compact-casework",
    "orm": "default",
    "workers": env.int("WORKER_PROCESSES", default=2),
    "timeout": env.int("JOB_TIMEOUT", default=120),
    "retry": env.int("JOB_LEASE", default=180),
    "max_attempts": 5,
    "ack_failures": True,
    "save_limit": 1000,
    "poll": 1,
    "catch_up": False,
    "label": "Background jobs",
}

# Sign-in lockout (django-axes): five wrong passwords for one username from one address
# lock that pair out for an hour.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"


# The cache also holds the rate limits of the public forms (django-ratelimit), so a real
# deployment uses a shared cache such as Redis (CACHE_URL=redis://...). The embedded demo
# runs one process, where the local-memory cache is enough.
def cache_from_env(**default) -> dict:
    """The cache CACHE_URL names; Redis with one client a connection pool (config/cache.py)."""
    cache = env.cache("CACHE_URL", **default)
    if cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
        cache["BACKEND"] = "config.cache.RedisCache"
    elif cache["BACKEND"].endswith(("locmem.LocMemCache", "filebased.FileBasedCache")):
        # Room for the kept list rows (`cases.common.fragments`, 25 a page) beside the
        # public forms' rate limits: Django culls a third of these caches past 300 entries.
        cache.setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 20000)
    return cache


CACHES = {"default": cache_from_env(default="locmemcache://")}
SILENCED_SYSTEM_CHECKS = [
    "django_ratelimit.E003",
    "django_ratelimit.W001",
    # The archive's index holds a column beyond its key on PostgreSQL; SQLite (the embedded
    # demo) builds it without that column, which needs no warning (workflows 0013).
    "models.W040",
]
PUBLIC_FORM_RATE = env("PUBLIC_FORM_RATE", default="20/h")
# The API: requests a token may make (and, without a token, an address), then 429.
API_RATE = env("API_RATE", default="600/m")

# Content security policy (django-csp): our own scripts, styles and images only; no inline
# script or style, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
# Sessions are read from the cache and written through to the database: a signed-in page
# reads no session row, and a flushed cache loses nobody's sign-in.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "cases.common.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Logs go to standard error, one JSON object a line (LOG_FORMAT=json, production's
# default) or plain text (the demo's), each with the id of the request it belongs to.
DJANGO_GUID = {"GUID_HEADER_NAME": "X-Request-ID", "RETURN_HEADER": True}
LOG_FORMAT = env("LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "django_guid.log_filters.CorrelationId"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(correlation_id)s",
            "rename_fields": {
                "asctime": "time",
                "levelname": "level",
                "correlation_id": "request_id",
            },
        },
        "text": {"format": "%(asctime)s %(levelname)s [%(correlation_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# Errors go to Sentry when SENTRY_DSN is set, with no personal data: no cookies, no
# user's details, no request bodies and no local variables (which hold disputes' text).
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

# Operations: /health/ready/ fails when a background job has waited longer than this for
# a worker; /metrics answers only a scraper sending this token (or anyone while DEBUG).
# The timer loop sends the day's digests from this hour (local time).
DIGEST_HOUR = env.int("DIGEST_HOUR", default=7)
QUEUE_LAG_LIMIT = env.int("QUEUE_LAG_LIMIT", default=300)
METRICS_TOKEN = env("METRICS_TOKEN", default="")

# We drive viewflow's engine from our own pages; it must not add its own middleware.
VIEWFLOW = {"AUTOREGISTER": False}
