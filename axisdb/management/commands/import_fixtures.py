from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from curation.csvio.importer import fixture_file_names
from curation.csvio.services import fixtures_import


class Command(BaseCommand):
    help = (
        "Import the CSV fixtures of a folder (default: fixtures) in dependency order "
        f"({', '.join(fixture_file_names())}) in one transaction. Any error anywhere and nothing "
        "is written; re-importing unchanged files changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", default="fixtures", help="folder holding the CSV files")
        parser.add_argument("--dry-run", action="store_true", help="validate only: write nothing")
        parser.add_argument("--user", help="username recorded as creator/updater and in the history")

    def handle(self, *args, folder, dry_run, user, **options):
        importer = None
        if user:
            try:
                importer = get_user_model().objects.get_by_natural_key(user)
            except get_user_model().DoesNotExist:
                raise CommandError(f"no user {user!r}") from None
        try:
            report = fixtures_import(folder=folder, dry_run=dry_run, user=importer)
        except NotADirectoryError as error:
            raise CommandError(str(error)) from None

        for file_report in report.files:
            self.stdout.write(file_report.summary())
        if report.has_errors:
            for line in report.error_lines():
                self.stderr.write(line)
            raise CommandError(f"{report.errors} errors: nothing was written (import run {report.run_id}).")
        totals = ", ".join(f"{report.total(what)} {what}" for what in ("created", "updated", "unchanged", "skipped"))
        if dry_run:
            self.stdout.write(self.style.SUCCESS(f"Dry run: no errors ({totals}); nothing was written."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {folder}: {totals} (import run {report.run_id})."))
