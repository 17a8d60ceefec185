from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = _("Workflows and task queues")

    def ready(self):
        from viewflow.workflow.models import Task

        from workflows import operations, signals

        operations.register_collector()
        from workflows.models import Notification, StepClock

        # Whatever changes a user's steps or notifications forgets their kept header
        # (`workflows.navigation`).
        post_save.connect(signals.task_saved, sender=Task, dispatch_uid="nav-task")
        post_delete.connect(signals.task_deleted, sender=Task, dispatch_uid="nav-task-delete")
        post_save.connect(signals.clock_saved, sender=StepClock, dispatch_uid="nav-clock")
        post_save.connect(signals.notification_saved, sender=Notification, dispatch_uid="nav-note")
        post_delete.connect(
            signals.notification_saved, sender=Notification, dispatch_uid="nav-note-delete"
        )
