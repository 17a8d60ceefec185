"""Signal handlers that keep `workflows.navigation`'s kept headers true."""

from viewflow.workflow.models import Task

from workflows import navigation


def task_saved(sender, instance, **kwargs):
    if instance.flow_task_type == "HUMAN":
        navigation.forget(instance.owner_id)


def clock_saved(sender, instance, **kwargs):
    # A step's due date moved: its holder's overdue number may have changed.
    navigation.forget_all(Task.objects.filter(pk=instance.task_id).values_list("owner", flat=True))


def notification_saved(sender, instance, **kwargs):
    navigation.forget(instance.user_id)
