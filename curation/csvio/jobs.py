"""The admin's CSV import as a background job (``curation.jobs``): a dry run to preview, then the import.

``CsvImport`` checks a fixture-format file with a model's resource (``job.params["resource"]``,
a dotted path) as the uploading user, and stores for the preview page every row it
would create, change or leave unchanged, with each error beside the cell it is
about. Confirmed, it imports the same bytes with ``csv_file_import``: all rows or none.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.module_loading import import_string
from import_export.resources import Diff
from import_export.results import RowResult

from curation.jobs.kinds import JobKind, Outcome

from .decoding import decode_csv_bytes
from .errors import CsvFileError, show_value
from .reading import parse_csv_text
from .report import FileReport
from .services import csv_file_import

#: Rows listed on a preview page: every row with an error first, then others in file order, up to this many.
MAX_ROWS_SHOWN = 1000
#: A cell's text on the preview page is cut after this many characters.
MAX_CELL_SHOWN = 300


class CellDiff(Diff):
    """Each column's text before and after the row, as data (import-export's would be HTML)."""

    def as_html(self):
        return [["" if self.new else str(old), str(new)] for old, new in zip(self.left, self.right, strict=False)]


class ReportsProgress:
    """Mixed into a resource: reports each row to ``progress`` and keeps each row's cells before and after."""

    progress = None

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        if self.progress is not None:
            self.progress.start(len(dataset))

    def import_row(self, row, instance_loader, **kwargs):
        row_result = super().import_row(row, instance_loader, **kwargs)
        if self.progress is not None:
            self.progress.advance(kwargs.get("row_number"))
        return row_result

    def get_diff_class(self):
        return CellDiff


def reporting(resource_class: type, progress) -> type:
    """``resource_class`` reporting its rows to ``progress``."""
    attrs = {"progress": progress, "__module__": resource_class.__module__}
    return type(resource_class)(resource_class.__name__, (ReportsProgress, resource_class), attrs)


class CsvImport(JobKind):
    label = "CSV import"

    @staticmethod
    def resource_class(job) -> type:
        return import_string(job.params["resource"])

    def preview(self, job, progress) -> Outcome:
        resource_class = self.resource_class(job)
        try:
            dataset = parse_csv_text(decode_csv_bytes(bytes(job.upload)))
        except CsvFileError as error:
            report = FileReport.failed(job.file_name, error)
            return Outcome(ok=False, result=preview_result(report, resource_class, dataset=None, result=None))
        resource = reporting(resource_class, progress)()
        with transaction.atomic():
            result = resource.import_data(
                dataset, dry_run=True, raise_errors=False, file_name=job.file_name, user=job.user
            )
            transaction.set_rollback(True)
        report = FileReport.from_result(
            job.file_name,
            result,
            dataset,
            record_label=resource_class.record_label,
            key_column=resource_class.key_columns[0],
        )
        return Outcome(ok=not report.problems, result=preview_result(report, resource_class, dataset, result))

    def commit(self, job, progress) -> Outcome:
        resource_class = self.resource_class(job)
        report = csv_file_import(
            resource_class=reporting(resource_class, progress),
            data=bytes(job.upload),
            file_name=job.file_name,
            user=job.user,
        )
        file_report = report.files[0]
        return Outcome(
            ok=report.committed,
            result={
                "file_name": job.file_name,
                "counts": counts(file_report),
                "error_lines": file_report.error_lines(),
                "committed": report.committed,
            },
        )


def counts(report: FileReport) -> dict:
    return {
        "rows": report.rows,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "skipped": report.skipped,
        "errors": report.errors,
    }


def preview_result(report: FileReport, resource_class: type, dataset, result) -> dict:
    """The preview page's data (JSON): counts, file errors, and the rows with each error beside its cell."""
    columns = resource_class.column_names()
    rows: dict[int, dict] = {}
    if dataset is not None and result is not None:
        headers = list(dataset.headers or [])
        for number, row_result in enumerate(result.rows, 1):
            rows[number] = _row(number, row_result, columns, headers, dataset[number - 1])
    file_errors = []
    for problem in report.problems:
        row = rows.get(problem.row) if problem.row is not None else None
        if row is None:
            file_errors.append(problem.describe())
        elif problem.column in columns:
            cell = row["cells"][columns.index(problem.column)]
            cell["errors"].append(problem.message)
            cell["shown"] = show_value(problem.value or "")
            row["errors"] += 1
        else:
            row["messages"].append(problem.message)
            row["errors"] += 1
    with_errors = [row for row in rows.values() if row["errors"]]
    others = [row for row in rows.values() if not row["errors"] and row["type"] != "blank"]
    shown = (with_errors + others)[:MAX_ROWS_SHOWN]
    shown.sort(key=lambda row: row["number"])
    return {
        "file_name": report.file_name,
        "columns": columns,
        "counts": counts(report),
        "file_errors": file_errors,
        "rows": shown,
        "rows_not_shown": len(with_errors) + len(others) - len(shown),
    }


def _row(number: int, row_result, columns: list[str], headers: list[str], values) -> dict:
    file_cells = dict(zip(headers, values, strict=False))
    kind = row_result.import_type
    if kind == RowResult.IMPORT_TYPE_SKIP and getattr(row_result, "blank", False):
        kind = "blank"
    diff = row_result.diff if isinstance(row_result.diff, list) else None
    cells = []
    for index, column in enumerate(columns):
        value = _cut(str(file_cells.get(column, "") or ""))
        old = None
        changed = False
        if diff is not None and index < len(diff):
            before, after = diff[index]
            changed = before != after
            old = _cut(before) if kind == RowResult.IMPORT_TYPE_UPDATE and changed else None
        elif kind == RowResult.IMPORT_TYPE_NEW:
            changed = bool(value.strip())
        cells.append({"column": column, "value": value, "old": old, "changed": changed, "errors": []})
    return {"number": number, "type": kind, "cells": cells, "messages": [], "errors": 0}


def _cut(text: str) -> str:
    return text if len(text) <= MAX_CELL_SHOWN else text[: MAX_CELL_SHOWN - 1] + "…"
