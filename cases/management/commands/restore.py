"""`make restore FROM=backups/backup-...`: check a backup whole, then replace the database
and the files with it. It asks first: what is there now is lost."""

from django.core.management.base import BaseCommand, CommandError

from cases.privacy.backups import BackupError, restore, verify


class Command(BaseCommand):
    help = "Restore the database and the uploaded files from a backup folder (asks first)."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="The backup's folder, as `backup` printed it")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask first (for scripts and tests)"
        )

    def handle(self, *args, folder, yes=False, **options):
        try:
            manifest = verify(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"The backup of {manifest['made_at']} ({manifest['engine']}) is whole: every "
            "checksum matches."
        )
        if not yes:
            answer = input(
                "Restoring replaces this service's database and files with the backup's; "
                "what is there now is lost. Type 'restore' to go on: "
            )
            if answer.strip() != "restore":
                raise CommandError("Nothing was changed.")
        try:
            restore(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored from {folder}"))
