"""The Compact's dispute procedure, as a workflow.

A member of a signatory organisation raises a dispute. The compact's Champion triages it:
outside the Compact (closed, with reasons) or accepted into informal resolution. The
Champion works the informal stage with both parties; it ends resolved, or escalates to
mediation. The joint body appoints a mediator from its roster; the complainant and then
the respondent accept the mediator or object (an objection sends it back for another
appointment). The mediator records an agreement, or no agreement, which sends the dispute
to arbitration. The joint body forms a panel with both sectors represented and no member
from either party's organisation; the panel's chair records the reasoned decision, and a
decision letter goes to both parties.

Every stage runs on a working-day clock. A reminder goes to whoever holds the step before
the stage's due date; when the due date passes the joint body's chair is told. Neither
interrupts the step. The complainant can withdraw at any open stage, which cancels
whatever step is open.

The people's steps are completed from our own pages through `workflows/services.py`; the
flow's views are never routed to.
"""

from django.http import Http404
from viewflow import this
from viewflow.workflow import flow


def not_routed(request, *args, **kwargs):
    """viewflow's View node needs a view; ours are in workflows/views.py."""
    raise Http404


def step(title):
    return flow.View(not_routed).Annotation(title=title)


def clocked(node):
    return node.OnTimeout(
        this.reminder_at, this.send_reminder, interrupting=False, title="Reminder"
    ).OnTimeout(this.escalation_at, this.send_escalation, interrupting=False, title="Overdue")
