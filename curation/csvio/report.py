"""What an import did, file by file: counts, and every error as one line.

Error lines read ``file:row N: column X: value 'v': message`` (row 1 is the first
record after the header; the parts that do not apply are left out).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS
from import_export.results import Result, RowResult

from .errors import CsvFileError, Problem


@dataclass
class FileReport:
    file_name: str
    found: bool = True
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)
    #: What the file's records are called in messages ("event"), and the keys of its rows that failed.
    record_label: str = ""
    failed_keys: set[str] = field(default_factory=set)
    #: The first row of each key (the value of the file's first key column), for checks across files.
    rows_by_key: dict[str, int] = field(default_factory=dict)

    @classmethod
    def missing(cls, file_name: str) -> FileReport:
        return cls(file_name=file_name, found=False)

    @classmethod
    def failed(cls, file_name: str, error: CsvFileError) -> FileReport:
        return cls(file_name=file_name, problems=list(error.problems))

    @classmethod
    def from_result(
        cls, file_name: str, result: Result, dataset, *, record_label: str = "", key_column: str = ""
    ) -> FileReport:
        report = cls(file_name=file_name, rows=len(dataset), record_label=record_label)
        for error in result.base_errors:
            if isinstance(error.error, CsvFileError):
                report.problems.extend(error.error.problems)
            else:
                report.problems.append(Problem(f"import failed: {error.error}"))
        for row in result.rows:
            if row.import_type == RowResult.IMPORT_TYPE_NEW:
                report.created += 1
            elif row.import_type == RowResult.IMPORT_TYPE_UPDATE:
                report.updated += 1
            elif row.import_type == RowResult.IMPORT_TYPE_SKIP:
                if getattr(row, "blank", False):
                    report.skipped += 1
                else:
                    report.unchanged += 1
        headers = list(dataset.headers or [])
        for invalid in result.invalid_rows:
            cells = dict(zip(headers, dataset[invalid.number - 1], strict=False))
            for column, messages in invalid.error_dict.items():
                for message in messages:
                    if column == NON_FIELD_ERRORS:
                        report.problems.append(Problem(message, row=invalid.number))
                    else:
                        report.problems.append(
                            Problem(message, row=invalid.number, column=column, value=str(cells.get(column, "")))
                        )
        for failed in result.error_rows:
            for error in failed.errors:
                report.problems.append(Problem(f"unexpected error: {error.error}", row=failed.number))
        report.problems.sort(key=lambda p: p.row or 0)
        if key_column in headers:
            index = headers.index(key_column)
            report.rows_by_key = first_rows(dataset, key_column)
            report.failed_keys = {str(dataset[p.row - 1][index]).strip() for p in report.problems if p.row}
        return report

    @property
    def errors(self) -> int:
        return len(self.problems)

    def summary(self) -> str:
        if not self.found:
            return f"{self.file_name}: skipped: file not found"
        return (
            f"{self.file_name}: {self.rows} rows: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.skipped} skipped, {self.errors} errors"
        )

    def error_lines(self) -> list[str]:
        return [problem.describe(self.file_name) for problem in self.problems]


def first_rows(dataset, key_column: str) -> dict[str, int]:
    """``{key: number of the first row holding it}`` (rows counted from 1 after the header)."""
    rows: dict[str, int] = {}
    if key_column in (dataset.headers or []):
        index = list(dataset.headers).index(key_column)
        for number, values in enumerate(dataset, 1):
            rows.setdefault(str(values[index] or "").strip(), number)
    return rows


@dataclass
class ImportReport:
    run_id: uuid.UUID
    dry_run: bool = False
    files: list[FileReport] = field(default_factory=list)
    #: True when the import was written to the database (no error, not a dry run).
    committed: bool = False

    @property
    def has_errors(self) -> bool:
        return any(f.problems for f in self.files)

    @property
    def errors(self) -> int:
        return sum(f.errors for f in self.files)

    def error_lines(self) -> list[str]:
        return [line for f in self.files for line in f.error_lines()]

    def explain_failed_references(self) -> None:
        """Say so when a row refers to a record that an earlier file has, but with errors.

        "unknown event: no event has this key" would send the editor looking for a
        missing event, when the event is there and its own row has to be fixed.
        """
        for index, earlier in enumerate(self.files):
            if not (earlier.record_label and earlier.failed_keys):
                continue
            label = earlier.record_label
            unknown = f"unknown {label}: no {label} has this key"
            explained = f"unknown {label}: the {label} with this key is in {earlier.file_name} but has errors there"
            for later in self.files[index + 1 :]:
                later.problems = [
                    Problem(explained, p.row, p.column, p.value)
                    if p.message == unknown and p.value in earlier.failed_keys
                    else p
                    for p in later.problems
                ]

    def file(self, file_name: str) -> FileReport:
        return next(f for f in self.files if f.file_name == file_name)

    def total(self, what: str) -> int:
        return sum(getattr(f, what) for f in self.files)
