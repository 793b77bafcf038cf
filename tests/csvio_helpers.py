"""Shared helpers of the CSV import/export tests."""

import csv
import shutil
from pathlib import Path

import pghistory.models
from django.apps import apps
from django.conf import settings
from django.db import connection

from curation.csvio.export import rows_for
from curation.csvio.importer import fixture_file_names, fixture_resources

CORPUS = Path(__file__).parent / "csv_corpus"
VALID = CORPUS / "valid"
ERRORS = CORPUS / "errors"
PAYLOADS = CORPUS / "payloads"
FIXTURES = Path(settings.BASE_DIR) / "fixtures"
FILES = fixture_file_names()


def table_counts() -> dict[str, int]:
    """Rows in every table of the data: the models, their history tables and the history contexts."""
    models = [*apps.get_app_config("events").get_models(), *apps.get_app_config("sources").get_models()]
    counts = {model._meta.label: model._base_manager.count() for model in models}
    claim_states = apps.get_model("sources", "Claim").states.through
    counts["claim states"] = claim_states.objects.count()
    counts["history contexts"] = pghistory.models.Context.objects.count()
    return counts


def database_checksum() -> dict[str, str]:
    """An MD5 of the rows of every table of the database (history tables, contexts, jobs and tasks included)."""
    checksums = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {quoted} t")
            checksums[table] = cursor.fetchone()[0]
    return checksums


def snapshot() -> dict[str, list[list[str]]]:
    """Everything in the database, as the fixture files it would export."""
    return {resource.file_name: list(rows_for(resource)) for resource in fixture_resources()}


def read_rows(path: Path) -> list[list[str]]:
    """A CSV file's records, header included, as the csv module reads them."""
    with path.open(newline="", encoding="utf-8-sig") as file:
        return list(csv.reader(file))


def data_row_count(path: Path) -> int:
    return len(read_rows(path)) - 1


def copy_folder(source: Path, target: Path, *, overlay: Path | None = None) -> Path:
    """A copy of ``source``'s CSV files in ``target``, with ``overlay``'s CSV files replacing theirs."""
    target.mkdir(parents=True, exist_ok=True)
    for path in source.glob("*.csv"):
        shutil.copyfile(path, target / path.name)
    if overlay is not None:
        for path in overlay.glob("*.csv"):
            shutil.copyfile(path, target / path.name)
    return target


def write_rows(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file, lineterminator="\n").writerows(rows)
    return path
