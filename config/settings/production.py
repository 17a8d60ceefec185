"""Production settings: PostgreSQL, HTTPS only, secrets and hosts from the environment.

Required: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL (postgres://...), EMAIL_URL
(smtp+tls://user:password@host:587), DEFAULT_FROM_EMAIL, SITE_URL.
"""

from .base import *  # noqa: F403
from .base import DATABASES, LOGGING, cache_from_env, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# The load balancer's health probes may ask over plain HTTP (the metrics, which need a
# token, only over HTTPS).
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preload is on by default; a deployment that cannot commit its domain to HTTPS-only for
# a year sets SECURE_HSTS_PRELOAD=false.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# A shared cache is required: the public forms' rate limits must hold across processes.
CACHES = {"default": cache_from_env()}
# Django's own Redis cache increments atomically; django-ratelimit merely does not list it.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]

# Behind a proxy every request comes from the proxy's address: name the header the proxy
# sets to the client's address (for example HTTP_X_REAL_IP) so rate limits and sign-in
# lockouts count per client.
if env("CLIENT_IP_HEADER", default=""):
    RATELIMIT_IP_META_KEY = env("CLIENT_IP_HEADER")
    AXES_IPWARE_META_PRECEDENCE_ORDER = [env("CLIENT_IP_HEADER"), "REMOTE_ADDR"]

# One JSON object a log line, for the log collector.
LOGGING["handlers"]["console"]["formatter"] = env("LOG_FORMAT", default="json")

ADMINS = [("Administrator", a) for a in env.list("ADMIN_EMAILS", default=[])]
