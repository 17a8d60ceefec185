from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _queue_permissions(sender, app_config=None, using="default", **kwargs):
    """After every migrate: the joint body's group holds every permission its queue needs,
    including those of kinds of case added since (remedies), so an upgraded service's
    members see the new queued steps without anyone's seat changing. Run once, after the
    last app's permissions are made (viewflow makes the flows' own after ours)."""
    from django.apps import apps

    from cases.register.services import joint_body_group

    if using == "default" and app_config is list(apps.get_app_configs())[-1]:
        joint_body_group()


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Compact register and cases")

    def ready(self):
        # Load the flows in every process (web, worker, timers), not only at migrate, and
        # register each subject's kinds of case and steps with the task engine.
        from cases import wiring

        wiring.connect()
        # Every statement that changes data moves the kept pages' generation on, whatever
        # made it (cases.common.kept_pages): each connection is watched as it opens.
        from django.db import connections
        from django.db.backends.signals import connection_created

        from cases.common import kept_pages

        connection_created.connect(kept_pages.watch, dispatch_uid="kept-pages-watch")
        for connection in connections.all(initialized_only=True):
            kept_pages.watch(connection=connection)
        # The release the pages are made with, read as the process starts: a process that
        # runs old code after a deployment replaced the files keeps its pages apart.
        kept_pages.release()

        from cases import checks  # noqa: F401 (registers the deployment checks)

        post_migrate.connect(_queue_permissions, dispatch_uid="queue-permissions")
