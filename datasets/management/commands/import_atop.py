"""``manage.py import_atop ALLIANCES MEMBERS``: ATOP v4.01 as treaty events, ties between members, claims by ATOP."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from datasets.progress import TerminalProgress
from datasets.services import atop_import

from ._options import add_common_options, print_report, resolve_user, state_codes


class Command(BaseCommand):
    help = (
        "Import ATOP v4.01 (the alliance-level and the member-level files): each alliance a founding "
        "treaty_agreement event and ties between its members by obligation, with claims by ATOP."
    )

    def add_arguments(self, parser):
        parser.add_argument("alliances", type=Path, help="atop-4.01-alliance-level.csv")
        parser.add_argument("members", type=Path, help="atop-4.01-member-level.csv")
        add_common_options(parser)

    def handle(self, *args, alliances, members, states, dry_run, publish, add_states, user, **options):
        for path in (alliances, members):
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
        with alliances.open("rb") as alliance_stream, members.open("rb") as member_stream:
            report = atop_import(
                alliances=alliance_stream,
                members=member_stream,
                file_names=(alliances.name, members.name),
                states=state_codes(states),
                dry_run=dry_run,
                publish=publish,
                add_states=add_states,
                user=resolve_user(user),
                progress=TerminalProgress(self.stderr, "alliances"),
            )
        print_report(self, report)
