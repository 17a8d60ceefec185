"""The service's own deployment checks (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.utils.translation import gettext as _


@register(Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    """The web processes, the worker and the timer loop must share one cache: a write by
    any of them forgets the headers and pages the others keep (`workflows.navigation`,
    `cases.common.kept_pages`)."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith(("locmem.LocMemCache", "dummy.DummyCache")):
        return [
            Error(
                _(
                    "The cache is not shared between processes: pages kept by a web process "
                    "would not be forgotten when the worker or the timers write."
                ),
                hint=_("Set CACHE_URL to a Redis cache every process uses (redis://...)."),
                id="cases.E001",
            )
        ]
    return []
