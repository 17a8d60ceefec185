"""Static files: which apps' files we collect, and how production stores them."""

from django.apps import apps
from django.contrib.staticfiles.finders import AppDirectoriesFinder


class AppDirectoriesFinderWithoutViewflowFrontend(AppDirectoriesFinder):
    """Django's app finder, less viewflow's Material front end.

    We drive viewflow's engine from our own GOV.UK pages and never serve its front end,
    which is 49 MB of static files (collecting and compressing them took 90 seconds) and
    whose CSS names a font file the package does not ship, which stops whitenoise's
    manifest storage.
    """

    skipped_apps = frozenset({"viewflow"})

    def __init__(self, app_names=None, *args, **kwargs):
        if app_names is None:
            app_names = [c.name for c in apps.get_app_configs() if c.name not in self.skipped_apps]
        super().__init__(app_names, *args, **kwargs)
