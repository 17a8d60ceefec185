"""Fire the workflow's due timers (reminders, escalations) every so often, until stopped,
queue again any e-mail whose job was lost, do the subjects' tidying (such as removing
abandoned uploads), and from 7am send the day's digests (once a
day each).

The steps' timers are fired in bulk (`workflows.timers.fire_due`); any other timer, and
one whose procedure was busy, by viewflow's own dispatcher, one at a time. This keeps
going, for `make run` and for a process manager. Several can run at once: each timer is
fired under its procedure's lock.
"""

import logging
import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connections
from django.utils import timezone
from viewflow.workflow.timers import (
    fire_due_conditions,
    fire_due_start_timers,
    fire_due_timers,
)

from workflows import registry
from workflows.digests import send_digests
from workflows.jobs import requeue_unsent
from workflows.timers import fire_due

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Fire due workflow timers every --interval seconds (default 60) until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=60.0)
        parser.add_argument("--once", action="store_true", help="Fire once and stop.")
        parser.add_argument(
            "--no-digests",
            action="store_true",
            help="Fire timers only (send the digests with `send_digests`, from cron).",
        )

    def handle(self, *args, interval=60.0, once=False, no_digests=False, **options):
        self.running = True
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        parts = [self._timers, self._housekeeping] + ([] if no_digests else [self._digests])
        while self.running:
            for part in parts:
                try:
                    part()
                except Exception:  # noqa: BLE001 - a database blip must not end the loop
                    if once:
                        raise
                    logger.exception("The timer loop's %s failed; trying again", part.__name__)
                    connections.close_all()  # a broken connection is opened afresh
            if once:
                break
            deadline = time.monotonic() + interval
            while self.running and time.monotonic() < deadline:
                time.sleep(min(1.0, interval))

    def _timers(self):
        began = time.monotonic()
        fired = fire_due() + fire_due_timers()
        started, conditions = fire_due_start_timers(), fire_due_conditions()
        self.stdout.write(
            f"{fired} timer(s) fired, {started} process(es) started, "
            f"{conditions} condition(s) fired in {time.monotonic() - began:.2f}s"
        )

    def _housekeeping(self):
        requeue_unsent()
        for task in registry.HOUSEKEEPING:
            if said := task():
                self.stdout.write(said)

    def _digests(self):
        if timezone.localtime().hour >= settings.DIGEST_HOUR:
            sent = send_digests()
            if sent:
                self.stdout.write(f"{sent} digest(s) sent")

    def _stop(self, *args):
        self.running = False
