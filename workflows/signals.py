"""Signal handlers that keep the task lists' entries (`workflows.entries`) and the kept
headers (`workflows.navigation`) true."""

from django.db.models import Q
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


# Before a clear, while who is in it can still be read.
CHANGES = ("post_add", "post_remove", "pre_clear")


def _changed(action, pk_set) -> bool:
    # Adding what is already there sends the signal with nothing in it: nothing changed.
    return action == "pre_clear" or (action in CHANGES and bool(pk_set))


def user_links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A user joined or left a group, or gained or lost a permission of their own (or a
    group or permission gained or lost users): what they may take from the queues
    changed."""
    if not _changed(action, pk_set):
        return
    if not reverse:
        navigation.forget(instance.pk)
    elif action == "pre_clear":
        navigation.forget(*instance.user_set.values_list("pk", flat=True))
    else:
        navigation.forget(*(pk_set or ()))


def group_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A group gained or lost a permission: its users' queues changed."""
    if not _changed(action, pk_set):
        return
    from django.contrib.auth.models import Group

    if not reverse:
        groups = [instance.pk]
    elif action == "pre_clear":
        groups = list(instance.group_set.values_list("pk", flat=True))
    else:
        groups = list(pk_set or ())
    users = Group.objects.filter(pk__in=groups).values_list("user", flat=True)
    navigation.forget(*[pk for pk in users if pk is not None])


def group_deleting(sender, instance, **kwargs):
    """A group is deleted (its users and permissions go with it, without signals)."""
    navigation.forget(*instance.user_set.values_list("pk", flat=True))


def permission_deleting(sender, instance, **kwargs):
    """A permission is deleted: whoever held it, directly or through a group, may have
    worked a queue that needed it."""
    from django.contrib.auth import get_user_model

    holders = get_user_model().objects.filter(
        Q(user_permissions=instance) | Q(groups__permissions=instance)
    )
    navigation.forget(*holders.values_list("pk", flat=True).distinct())
