"""Settings for the test suite: fast hashing, e-mail kept in memory, jobs run at once."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env, prepared_statements

DEBUG = False
SECRET_KEY = "test-only-secret"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Jobs run at once, in the test's own process, through the worker's code: a failure is
# recorded, not raised (workflows.jobs.run_at_once). The fault tests start real workers.
JOBS_RUN_AT_ONCE = True
Q_CLUSTER = {
    "name": "compact-casework",  # as the workers the fault tests start
    "orm": "default",
    "timeout": 60,
    "retry": 120,
    "ack_failures": True,
    "max_attempts": 5,
    "save_limit": 1000,
    "poll": 0.01,
}
MEDIA_ROOT = BASE_DIR / ".test-media"
ALLOWED_HOSTS = ["*"]
DATABASES = {
    "default": prepared_statements(env.db("DATABASE_URL", default="sqlite:///:memory:")),
}

# Serve the built front end straight from static/build, without collectstatic.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# django-axes logs every sign-in; keep test output to what matters.
AXES_VERBOSE = False
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# The rate limit of the public forms is tested on its own (tests/security/test_hardening.py);
# elsewhere the whole suite posts from one address.
PUBLIC_FORM_RATE = "10000/m"
API_RATE = "100000/m"
