"""The background queue in the Django admin ("Django Q2"): Django Q2's own pages for
queued, successful, failed (with "resubmit") and scheduled jobs, with each queued job's
state spelled out: running (a worker holds its lease), waiting, or waiting longer than a
lease (a dead worker's job about to be taken again, or no worker running)."""

from django.conf import settings
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_q.admin import QueueAdmin
from django_q.models import OrmQ


def _state(job) -> str:
    now = timezone.now()
    if job.lock > now:
        return "running"
    if (now - job.lock).total_seconds() > settings.Q_CLUSTER["retry"]:
        return "stalled"
    return "waiting"


STATES = {
    "running": _("Running (a worker holds it)"),
    "waiting": _("Waiting for a worker"),
    "stalled": _("Waiting longer than a lease: a dead worker's, or no worker running"),
}


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return list(STATES.items())

    def queryset(self, request, queryset):
        import datetime

        now = timezone.now()
        lease = datetime.timedelta(seconds=settings.Q_CLUSTER["retry"])
        return {
            "running": queryset.filter(lock__gt=now),
            "waiting": queryset.filter(lock__lte=now, lock__gte=now - lease),
            "stalled": queryset.filter(lock__lt=now - lease),
        }.get(self.value(), queryset)


class JobQueueAdmin(QueueAdmin):
    list_display = ("id", "name", "func", "state", "lock", "task_id")
    list_filter = (StateFilter, "key")
    ordering = ("lock",)

    @admin.display(description=_("state"))
    def state(self, job) -> str:
        return STATES[_state(job)]


if admin.site.is_registered(OrmQ):
    admin.site.unregister(OrmQ)
admin.site.register(OrmQ, JobQueueAdmin)
