from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
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
        # A user's groups, or a group's permissions, decide whose queues they work.
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        m2m_changed.connect(
            signals.user_links_changed,
            sender=get_user_model().groups.through,
            dispatch_uid="nav-groups",
        )
        m2m_changed.connect(
            signals.group_permissions_changed,
            sender=Group.permissions.through,
            dispatch_uid="nav-group-permissions",
        )
        m2m_changed.connect(
            signals.user_links_changed,
            sender=get_user_model().user_permissions.through,
            dispatch_uid="nav-user-permissions",
        )
        # Deleting a group or a permission removes its links without the signals above.
        from django.contrib.auth.models import Permission

        pre_delete.connect(signals.group_deleting, sender=Group, dispatch_uid="nav-group-del")
        pre_delete.connect(
            signals.permission_deleting, sender=Permission, dispatch_uid="nav-permission-del"
        )
