"""Send each person with open steps one e-mail a day: what is overdue and what is due in
the next five working days. Run it every morning (cron, or a scheduler); running it again
the same day sends nothing more."""

import time

from django.core.management.base import BaseCommand

from workflows.digests import send_digests


class Command(BaseCommand):
    help = "Send today's digest of due and overdue steps to everyone who holds some."

    def handle(self, *args, **options):
        began = time.monotonic()
        sent = send_digests()
        self.stdout.write(f"{sent} digest(s) sent in {time.monotonic() - began:.2f}s")
