from django.core.management.base import BaseCommand

from curation.csvio.services import fixtures_export


class Command(BaseCommand):
    help = (
        "Write every record to the fixture CSV files of a folder (default: fixtures), in the format "
        "of fixtures/README.md, rows ordered by key. Existing files are replaced."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", default="fixtures", help="folder to write the CSV files to")

    def handle(self, *args, folder, **options):
        for exported in fixtures_export(folder=folder):
            self.stdout.write(f"{exported.file_name}: {exported.rows} rows")
        self.stdout.write(self.style.SUCCESS(f"Exported to {folder}."))
