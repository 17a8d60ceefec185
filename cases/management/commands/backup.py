"""`make backup`: the database and the files under MEDIA_ROOT, with their checksums."""

from django.core.management.base import BaseCommand, CommandError

from cases.privacy.backups import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into a new folder under --to."

    def add_arguments(self, parser):
        parser.add_argument("--to", default="backups", help="Where to write (default backups/)")

    def handle(self, *args, to="backups", **options):
        try:
            folder = backup(to)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backed up to {folder}"))
        self.stdout.write(f"Restore it with: make restore FROM={folder}")
