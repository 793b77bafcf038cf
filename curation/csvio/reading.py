"""Text to a ``tablib.Dataset``: strict RFC 4180 parsing and the header checks.

Rows are numbered from 1 = the first record after the header (a record may span
several lines when a quoted cell contains line breaks). Blank records are kept,
so that numbers match the file; the importer skips them.

A cell holds at most ``MAX_CELL_CHARS`` characters and no NUL character (which
PostgreSQL cannot store); either is an error naming the row and column. Python's
csv module would stop at its own field limit (131,072 characters) with an error
naming neither, so the file is parsed with that limit lifted and cells are
measured here.
"""

import contextlib
import csv
import io
from collections import Counter
from collections.abc import Iterator, Sequence

import tablib

from .errors import CsvFileError, Problem
from .formulae import unescape_cell

OTHER_DELIMITERS = (";", "\t", "|")
MAX_CELL_CHARS = 100_000


def _delimiter_hint(cells: Sequence[str]) -> str:
    if len(cells) == 1:
        for delimiter in OTHER_DELIMITERS:
            if delimiter in cells[0]:
                return f" (the file seems to be delimited with {delimiter!r}: save it with commas)"
    return ""


def parse_csv_text(text: str) -> tablib.Dataset:
    """Parse comma-delimited text whose first record is the header.

    Raises CsvFileError for an empty file, an unclosed quote or other broken quoting,
    and rows whose number of cells differs from the header's. Cells are unescaped
    (see ``formulae``); the header is stripped of surrounding spaces.
    """
    if not text.strip():
        raise CsvFileError("file is empty: the first line must be the header")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[list[str]] = []
    start_line = 1
    try:
        with _field_limit(len(text) + 1):
            for record in reader:
                records.append(record)
                start_line = reader.line_num + 1
    except csv.Error as error:
        if "unexpected end of data" in str(error):
            raise CsvFileError(_unclosed_quote(text, records, start_line)) from None
        raise CsvFileError(f"line {reader.line_num}: not valid CSV: {error}") from None

    header = [name.strip() for name in records[0]]
    if not any(header):
        raise CsvFileError("the first line must be the header, but it is blank")
    hint = _delimiter_hint(header)
    if hint:
        raise CsvFileError(f"header: the header is a single column {header[0]!r}{hint}")
    problems = []
    rows = []
    for number, record in enumerate(records[1:], 1):
        if not record or not any(cell.strip() for cell in record):
            rows.append([""] * len(header))  # a blank record: kept so that row numbers match the file
            continue
        if len(record) != len(header):
            problems.append(
                Problem(
                    f"{len(record)} cells where the header has {len(header)} columns{_delimiter_hint(record)}",
                    row=number,
                )
            )
            continue
        problems.extend(_cell_problems(number, header, record))
        rows.append([unescape_cell(cell) for cell in record])
    if problems:
        raise CsvFileError(*problems)
    return tablib.Dataset(*rows, headers=header)


def _unclosed_quote(text: str, records: list[list[str]], start_line: int) -> Problem:
    """The record starting on ``start_line`` opens a quote it never closes: which row and column."""
    message = f"unclosed quote: the record starting on line {start_line} opens a quoted cell that is never closed"
    if not records:
        return Problem(f"header: {message}")
    header = [name.strip() for name in records[0]]
    record = "".join(text.splitlines(keepends=True)[start_line - 1 :])
    cell, quoted, opened = 0, False, None
    position = 0
    while position < len(record):
        char = record[position]
        if quoted:
            if char == '"':
                if record[position + 1 : position + 2] == '"':
                    position += 1  # an escaped quote
                else:
                    quoted = False
        elif char == '"':
            quoted, opened = True, cell
        elif char == ",":
            cell += 1
        position += 1
    column = header[opened] if opened is not None and opened < len(header) else None
    return Problem(message, row=len(records), column=column)


@contextlib.contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    """Let the csv module read fields of up to ``limit`` characters (its limit is process-wide)."""
    previous = csv.field_size_limit()
    csv.field_size_limit(max(previous, limit))
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _cell_problems(number: int, header: Sequence[str], record: Sequence[str]) -> Iterator[Problem]:
    for column, cell in zip(header, record, strict=True):
        if "\x00" in cell:
            yield Problem(
                "the cell contains a NUL character (\\x00), which no text may hold: remove it",
                row=number,
                column=column,
                value=cell,
            )
        if len(cell) > MAX_CELL_CHARS:
            yield Problem(
                f"the cell holds {len(cell):,} characters; a cell may hold at most {MAX_CELL_CHARS:,}",
                row=number,
                column=column,
                value=cell,
            )


def check_header(header: Sequence[str] | None, expected: Sequence[str]) -> list[Problem]:
    """Problems with a file's header: another delimiter, duplicate, missing or unknown columns."""
    header = list(header or [])
    hint = _delimiter_hint(header)
    if hint:
        return [Problem(f"header: the header is a single column {header[0]!r}{hint}")]
    problems = []
    duplicates = [name for name, count in Counter(header).items() if count > 1]
    if duplicates:
        problems.append(Problem(f"header: duplicate columns: {', '.join(duplicates)}"))
    missing = [name for name in expected if name not in header]
    unknown = [repr(name) if name else "(an empty column name)" for name in header if name not in expected]
    parts = []
    if missing:
        parts.append(f"missing columns: {', '.join(missing)}")
    if unknown:
        parts.append(f"unknown columns: {', '.join(unknown)}")
    if parts:
        problems.append(Problem(f"header: {'; '.join(parts)} (the columns are: {', '.join(expected)})"))
    return problems
