"""Signal handlers that keep the task lists' entries (`workflows.entries`) and the kept
headers (`workflows.navigation`) true."""

from viewflow.workflow.models import Task

from workflows import entries, navigation


def task_saved(sender, instance, created=False, **kwargs):
    if instance.flow_task_type == "HUMAN":
        queue = entries.task_saved(instance, created)
        navigation.forget(instance.owner_id)
        if queue is not None:  # the queue's number of everyone who works it
            navigation.queue_changed(queue)


def task_deleted(sender, instance, **kwargs):
    if instance.flow_task_type == "HUMAN":
        navigation.forget(instance.owner_id)


def clock_saved(sender, instance, **kwargs):
    # A step's due date moved: its list entry, and its holder's overdue number.
    entries.clock_saved(instance.task_id, instance.due_on)
    navigation.forget(*Task.objects.filter(pk=instance.task_id).values_list("owner", flat=True))


def notification_saved(sender, instance, **kwargs):
    navigation.forget(instance.user_id)
