"""Fire the steps' due timers (reminders and overdue notices) in bulk.

viewflow fires a timer one at a time, through its activation: it locks the procedure,
starts and finishes the timer's task, then creates, runs and finishes the function task
that sends the notice and the end task after it: about 30 queries a timer, so 10,000 due
timers (a morning after a long weekend, at scale) took nine minutes
(docs/decisions/0015-timers-in-bulk.md).

`fire_due` does the same work a batch at a time. In one transaction a batch of due timers
is locked, skipping any another sweep holds, with their procedures (and cases), skipping
any a person is changing; each kind of case sends the batch's notices together
(`CaseKind.notices`, each notice once, and none for a step no longer waiting); and the
timers it dealt with are marked done in one update. The function and end tasks viewflow
would add after each timer record nothing the notice and the case's timeline do not, so
none is made. A timer whose procedure or case was busy stays due for the next sweep.
Several sweeps may run at once (one a timer process): each takes its own batches.
"""

from __future__ import annotations

import logging
from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from viewflow.workflow import STATUS
from viewflow.workflow.models import Process, Task

from workflows import registry

logger = logging.getLogger(__name__)

BATCH = 100  # timers (and procedures) locked at once: few, so no person waits long
NOTICES = {"send_reminder": True, "send_escalation": False}  # the timer's next node


def fire_due(*, batch: int = BATCH) -> int:
    """Fire every due reminder and overdue timer of the registered kinds of case, a batch
    at a time, until none is left that this sweep can take. Returns how many fired."""
    fired, skipped = 0, set()
    while True:
        done, busy = _fire_batch(batch, skipped)
        fired += done
        if not done and not busy:
            return fired
        skipped |= busy


def _fire_batch(batch: int, skipped: set[int]) -> tuple[int, set[int]]:
    """Fire one batch. Returns how many fired and the timers left for a later sweep
    (their procedure or timer was held by someone else)."""
    now = timezone.now()
    with transaction.atomic():
        timers = list(
            Task.objects.filter(flow_task_type="TIMER", status=STATUS.SCHEDULED, scheduled__lte=now)
            .exclude(pk__in=skipped)
            .order_by("scheduled", "pk")
            .select_for_update(skip_locked=True)[:batch]
        )
        if not timers:
            return 0, set()
        locked = set(
            Process.objects.filter(pk__in={timer.process_id for timer in timers})
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        groups, busy = defaultdict(list), set()
        for timer in timers:
            then = getattr(timer.flow_task, "_next", None)
            notice = NOTICES.get(getattr(then, "name", ""))
            kind = registry.kind_of(timer)
            if timer.process_id not in locked or notice is None or not kind or not kind.notices:
                busy.add(timer.pk)  # left for the next sweep, or for viewflow's own
                continue
            groups[kind.name, notice].append(timer)
        fired = []
        for (name, reminder), group in groups.items():
            try:
                with transaction.atomic():  # one broken kind must not stop the sweep
                    handled = registry.KINDS[name].notices(timers=group, reminder=reminder)
            except Exception:
                logger.exception("The %s timers failed to fire; left to fire one by one", name)
                busy |= {timer.pk for timer in group}
                continue
            for timer in group:
                if timer.process_id in handled:
                    fired.append(timer.pk)
                else:
                    busy.add(timer.pk)  # its case was being changed: the next sweep
        Task.objects.filter(pk__in=fired).update(status=STATUS.DONE, started=now, finished=now)
    return len(fired), busy
