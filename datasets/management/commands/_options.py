"""What the data set import commands share: their options and how they print the report."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from curation.api.filters import ISO3_CODES


def add_common_options(parser) -> None:
    parser.add_argument(
        "--states",
        default="",
        help="Keep only the records touching these states: ISO3 codes separated by commas (CHN,IRN,PRK,RUS); "
        "a state's predecessors count as it (RUS: the Soviet Union too). Default: all.",
    )
    parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing.")
    parser.add_argument(
        "--publish", action="store_true", help="Publish the new records (a reviewer's decision); default: drafts."
    )
    parser.add_argument(
        "--add-states",
        action="store_true",
        help="Create the states the data set names that the database lacks (and add the data set's names as "
        "aliases), from the seed tables in datasets/data/; otherwise unknown names stop the import.",
    )
    parser.add_argument("--user", default=None, help="Record the import as made by this user (username).")


def state_codes(text: str) -> list[str]:
    codes = [code.strip() for code in text.split(",") if code.strip()]
    bad = [code for code in codes if code not in ISO3_CODES]
    if bad:
        raise CommandError(f"--states: {', '.join(bad)}: not ISO 3166 alpha-3 codes (CHN,IRN,PRK,RUS)")
    return codes


def resolve_user(username):
    if username is None:
        return None
    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist:
        raise CommandError(f"--user: no user {username!r}") from None


def print_report(command, report) -> None:
    for line in report.lines():
        command.stdout.write(line)
    if report.stopped:
        raise CommandError("the import stopped; nothing was written (see above)")
