from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = "Workflows and task queues"

    def ready(self):
        # Load the flows in every process (web, worker, timers), not only at migrate.
        from workflows import flows  # noqa: F401
