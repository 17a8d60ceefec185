"""The demo and development settings: SQLite, debug on, e-mail written to the demo's outbox."""

from .base import *  # noqa: F403
from .base import BASE_DIR, cache_from_env, env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="local-only-not-secret-change-me-in-production")

# One cache every process of `make run` shares (the web server, the worker and the timers):
# a step the worker moves forgets the header the web server keeps (`workflows.navigation`).
CACHES = {"default": cache_from_env(default=f"filecache://{BASE_DIR / '.cache'}")}

# Serve the built front end straight from static/build, without collectstatic.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# E-mail goes to files in the demo's outbox, one a message, not to the console where it would
# bury the demo's logins; every message is also on its recipients' notifications page.
# EMAIL_URL (smtp://...) sends for real.
if "EMAIL_URL" not in env.ENVIRON:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(BASE_DIR / ".outbox"))
