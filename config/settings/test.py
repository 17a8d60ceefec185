"""Settings for the test suite: fast hashing, e-mail kept in memory, tasks run at once."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = False
SECRET_KEY = "test-only-secret"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = BASE_DIR / ".test-media"
ALLOWED_HOSTS = ["*"]
DATABASES = {
    "default": env.db("DATABASE_URL", default="sqlite:///:memory:"),
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
