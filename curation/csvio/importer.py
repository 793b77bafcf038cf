"""The fixture files, in dependency order, and how one file is imported.

Nothing here opens a transaction: ``services`` wraps these steps in one.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from curation.registry import registry

from .decoding import decode_csv_bytes, read_csv_file
from .errors import CsvFileError
from .reading import parse_csv_text
from .report import FileReport


def fixture_resources() -> list[type]:
    """The resource classes of the fixture files, in import order.

    The apps register them (``curation.registry``); each file refers only to files before it.
    """
    return list(registry.fixture_resources())


def resource_for_file(file_name: str) -> type:
    for resource_class in fixture_resources():
        if resource_class.file_name == file_name:
            return resource_class
    raise LookupError(f"{file_name!r} is not a fixture file: use one of {', '.join(fixture_file_names())}")


def fixture_file_names() -> list[str]:
    return [resource_class.file_name for resource_class in fixture_resources()]


def import_dataset(resource_class, dataset, *, file_name: str, run_id: uuid.UUID, user=None) -> FileReport:
    """Import a parsed file (writes; the caller's transaction decides whether they stay)."""
    resource = resource_class(rollback_file_on_error=False, with_diff=False)
    result = resource.import_data(dataset, dry_run=False, file_name=file_name, user=user, import_run=run_id)
    return FileReport.from_result(
        file_name, result, dataset, record_label=resource_class.record_label, key_column=resource_class.key_columns[0]
    )


def import_bytes(resource_class, data: bytes, *, file_name: str, run_id: uuid.UUID, user=None) -> FileReport:
    try:
        dataset = parse_csv_text(decode_csv_bytes(data))
    except CsvFileError as error:
        return FileReport.failed(file_name, error)
    return import_dataset(resource_class, dataset, file_name=file_name, run_id=run_id, user=user)


def import_path(resource_class, path: Path, *, run_id: uuid.UUID, user=None) -> FileReport:
    try:
        dataset = parse_csv_text(read_csv_file(path))
    except CsvFileError as error:
        return FileReport.failed(path.name, error)
    return import_dataset(resource_class, dataset, file_name=path.name, run_id=run_id, user=user)
