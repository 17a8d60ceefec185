"""Fire the workflow's due timers (reminders, escalations) every so often, until stopped,
and from 7am send the day's digests (once a day each).

viewflow's own `workflow_timers` command fires them once, for cron; this one keeps going,
for `make run` and for a process manager. Several can run at once: each timer is fired
under its procedure's lock.
"""

import signal
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from workflows.digests import send_digests

DIGEST_HOUR = 7


class Command(BaseCommand):
    help = "Fire due workflow timers every --interval seconds (default 60) until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=60.0)
        parser.add_argument("--once", action="store_true", help="Fire once and stop.")

    def handle(self, *args, interval=60.0, once=False, **options):
        self.running = True
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        while self.running:
            call_command("workflow_timers", stdout=self.stdout)
            if timezone.localtime().hour >= DIGEST_HOUR:
                sent = send_digests()
                if sent:
                    self.stdout.write(f"{sent} digest(s) sent")
            if once:
                break
            deadline = time.monotonic() + interval
            while self.running and time.monotonic() < deadline:
                time.sleep(min(1.0, interval))

    def _stop(self, *args):
        self.running = False
