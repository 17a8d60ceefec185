"""Load the demo: the five seed compacts, their people, and work at every stage.

Safe to run again: it updates what is there instead of adding copies.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand

from cases.demo import register as demo


class Command(BaseCommand):
    help = "Load the five seed compacts and demo users for every role (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet-logins", action="store_true", help="Do not print the demo logins."
        )

    def handle(self, *args, quiet_logins=False, **options):
        from cases.demo import commissioning as demo_commissioning
        from cases.demo import disputes as demo_disputes
        from cases.demo import privacy as demo_privacy
        from cases.demo import year as demo_year

        logins = demo.load_register()
        disputes = demo_disputes.load_disputes(short_names=demo.SHORT_NAMES)
        exercises = demo_commissioning.load_exercises(short_names=demo.SHORT_NAMES)
        demo_year.load_year()
        demo_privacy.load_privacy()
        token = demo.load_api_token()
        # The demo writes into the past (a compact's earlier versions, dated timelines),
        # which pages keep as settled: what a server already running kept is forgotten.
        cache.clear()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded: five compacts, {disputes} new disputes, "
                f"{exercises} new commissioning exercises."
            )
        )
        if quiet_logins:
            return
        self.stdout.write(f"\nDemo logins (every password is: {demo.DEMO_PASSWORD})\n")
        width = max(len(login.username) for login in logins)
        current = None
        for login in logins:
            if login.compact != current:
                current = login.compact
                self.stdout.write(f"\n  {current}")
            self.stdout.write(f"    {login.username.ljust(width)}  {login.role}")
        site = settings.SITE_URL.rstrip("/")
        self.stdout.write(
            f"\nSign in at {site}/accounts/login/ (the Django admin is at {site}/admin/).\n"
        )
        self.stdout.write(
            f"Try the API as champion-swansea (reference at {site}/api/v1/docs/):\n"
            f"  curl -H 'Authorization: Bearer {token}' {site}/api/v1/tasks/inbox\n"
            f"Open contracting data: {site}/api/v1/ocds/releases.json\n"
        )
        if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
            self.stdout.write(
                f"E-mails are written to {settings.EMAIL_FILE_PATH}, one file a message, and "
                "shown on each recipient's Notifications page.\n"
            )
