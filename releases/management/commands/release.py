"""``manage.py release <version>``: cut a numbered release of the public data now."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from releases.services import release_cut, release_path


class Command(BaseCommand):
    help = "Freeze a numbered release of the public data (the download zip, its changelog and CITATION.cff)."

    def add_arguments(self, parser):
        parser.add_argument("version", help="The release's number: 1, 1.2 or 1.2.3 (never used before).")
        parser.add_argument(
            "--api-url", default="/api/", help="The API's address, named as the data's source in datapackage.json."
        )

    def handle(self, *args, version, api_url, **options):
        try:
            release = release_cut(version=version, api_url=api_url)
        except ValidationError as error:
            problems = (f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
            raise CommandError("; ".join(problems)) from error
        self.stdout.write(
            f"Release {release.version}: {release_path(release)} ({release.size} bytes, SHA-256 {release.sha256}); "
            f"{', '.join(f'{len(release.changelog[word])} {word}' for word in ('added', 'changed', 'withdrawn'))} "
            f"since {release.changelog['previous_release'] or 'the beginning'}."
        )
