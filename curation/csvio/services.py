"""Atomic entry points of CSV import and export.

An import writes everything or nothing: one transaction around all its files,
rolled back on any error anywhere, or when it is a dry run.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction

from .checks import owner, run_import_checks
from .export import rows_for, write_csv
from .importer import fixture_resources, import_bytes, import_path
from .report import FileReport, ImportReport


def fixtures_import(*, folder: str | Path, dry_run: bool = False, user: AbstractBaseUser | None = None) -> ImportReport:
    """Import the fixture files of ``folder`` in dependency order, in one transaction.

    Missing files are skipped (and reported). If any file has any error, or on a dry
    run, nothing is written; the report says what would have happened.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise NotADirectoryError(f"{folder} is not a folder")
    report = ImportReport(run_id=uuid.uuid4(), dry_run=dry_run)
    with transaction.atomic():
        imported: dict[type, FileReport] = {}
        for resource_class in fixture_resources():
            path = folder / resource_class.file_name
            if not path.is_file():
                report.files.append(FileReport.missing(resource_class.file_name))
                continue
            imported[resource_class] = import_path(resource_class, path, run_id=report.run_id, user=user)
            report.files.append(imported[resource_class])
        report.explain_failed_references()
        if imported and not report.has_errors:
            _check_across_files(imported)
        _commit_or_roll_back(report)
    return report


def csv_file_import(
    *,
    resource_class: type,
    data: bytes,
    file_name: str,
    dry_run: bool = False,
    user: AbstractBaseUser | None = None,
) -> ImportReport:
    """Import one CSV file's bytes with ``resource_class``: all rows or none."""
    report = ImportReport(run_id=uuid.uuid4(), dry_run=dry_run)
    with transaction.atomic():
        file = import_bytes(resource_class, data, file_name=file_name, run_id=report.run_id, user=user)
        report.files.append(file)
        if not report.has_errors:
            _check_across_files({resource_class: file})
        _commit_or_roll_back(report)
    return report


def _check_across_files(imported: dict[type, FileReport]) -> None:
    rows = {resource_class: file.rows_by_key for resource_class, file in imported.items()}
    for resource_class, problem in run_import_checks(rows):
        file = imported[owner(resource_class, list(imported))]
        file.problems.append(problem)
        file.problems.sort(key=lambda p: p.row or 0)


def _commit_or_roll_back(report: ImportReport) -> None:
    report.committed = not (report.dry_run or report.has_errors)
    if not report.committed:
        transaction.set_rollback(True)


@dataclass(frozen=True)
class ExportedFile:
    file_name: str
    rows: int


def fixtures_export(*, folder: str | Path) -> list[ExportedFile]:
    """Write every fixture file to ``folder`` (created if needed), rows ordered by key.

    Read in one repeatable-read transaction (when not already inside one), so that
    the files are consistent with each other.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        for resource_class in fixture_resources():
            rows = write_csv(folder / resource_class.file_name, rows_for(resource_class))
            written.append(ExportedFile(resource_class.file_name, rows))
    return written
