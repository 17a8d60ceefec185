"""The pieces every flow is built from: a person's step (done from our own pages, never
from viewflow's views) and the reminder and overdue timers that make a step clocked."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow


def not_routed(request, *args, **kwargs):
    """viewflow's View node needs a view; ours are in workflows/views.py."""
    raise Http404


def step(title):
    return flow.View(not_routed).Annotation(title=title)


def clocked(node):
    return node.OnTimeout(
        this.reminder_at, this.send_reminder, interrupting=False, title=_("Reminder")
    ).OnTimeout(this.escalation_at, this.send_escalation, interrupting=False, title=_("Overdue"))
