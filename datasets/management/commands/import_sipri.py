"""``manage.py import_sipri FILE``: the SIPRI trade register export, as events and claims by SIPRI."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from datasets.progress import TerminalProgress
from datasets.services import sipri_register_import

from ._options import add_common_options, print_report, resolve_user, state_codes


class Command(BaseCommand):
    help = (
        "Import a SIPRI Arms Transfers Database trade register export (cp1252, as SIPRI exports it): each deal "
        "an arms_transfer event with a claim by SIPRI citing the export. Re-importing changes only what changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The trade register CSV file, as exported.")
        add_common_options(parser)

    def handle(self, *args, file, states, dry_run, publish, add_states, user, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        with file.open("rb") as stream:
            report = sipri_register_import(
                stream=stream,
                file_name=file.name,
                states=state_codes(states),
                dry_run=dry_run,
                publish=publish,
                add_states=add_states,
                user=resolve_user(user),
                progress=TerminalProgress(self.stderr, "deals"),
            )
        print_report(self, report)
