"""Whole-list CSV written by PostgreSQL: ``COPY (SELECT <line>) TO STDOUT``, streamed in chunks.

The Python writer (``curation.api.csv``) builds every cell through the import/export
resource, about 8,000 rows a second, and its memory grows with the rows. A list
whose ``CsvFormat`` has ``sql_cells`` is written here instead: the selector's
filtered, ordered queryset gets one more column, the whole CSV line built in
SQL (the same cells, the same formula escaping, the same quoting as Python's
``csv`` module), and ``COPY`` streams those lines. The worker holds one chunk at
a time, whatever the list's length; the bytes are the Python writer's
(``tests/test_api_csv_copy.py`` compares them on the fixtures).

``COPY``'s text format escapes backslashes, newlines, carriage returns and tabs
inside a value and ends each row with a newline: the stream is unescaped and
each row ends with ``\\r\\n``, as ``csv.writer`` ends it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import TextField
from django.db.models.expressions import RawSQL

CHUNK_BYTES = 256 * 1024
_COPY_ESCAPES = re.compile(rb"\\(.)")
_UNESCAPED = {b"\\": b"\\", b"n": b"\n", b"r": b"\r", b"t": b"\t"}


@dataclass(frozen=True)
class SqlCell:
    """One column's cell as SQL text over the listed table (``{t}`` stands for it); ``numeric`` cells
    are not formula-escaped (as the resource's numeric widgets)."""

    expression: str
    numeric: bool = False


def escaped(expression: str) -> str:
    """``curation.csvio.formulae.escape_cell`` in SQL: a leading ``'`` before quotes then = + - @ tab CR."""
    return f"(CASE WHEN {expression} ~ '^''*[=+@\\t\\r-]' THEN '''' || {expression} ELSE {expression} END)"


def quoted(expression: str) -> str:
    """Python's ``csv`` quoting (QUOTE_MINIMAL): in double quotes, doubled, if it holds , " CR or LF."""
    return (
        f"(CASE WHEN {expression} ~ '[\",\\r\\n]' THEN '\"' || replace({expression}, '\"', '\"\"') || '\"'"
        f" ELSE {expression} END)"
    )


def partial_date(column: str) -> str:
    """A partial-date column and its ``_approximate`` flag as ``PartialDate.__str__`` writes them."""
    approximate = column.removesuffix('"') + '_approximate"' if column.endswith('"') else column + "_approximate"
    return f"""(CASE WHEN {column} IS NULL THEN '' ELSE
      CASE WHEN upper({column}) - lower({column}) = 1 THEN to_char(lower({column}), 'YYYY-MM-DD')
           WHEN extract(doy FROM lower({column})) = 1
                AND upper({column}) = (lower({column}) + interval '1 year')::date THEN to_char(lower({column}), 'YYYY')
           ELSE to_char(lower({column}), 'YYYY-MM') END
      || CASE WHEN {approximate} THEN '~' ELSE '' END END)"""


def line_sql(cells: list[SqlCell], table: str) -> str:
    parts = []
    for cell in cells:
        expression = cell.expression.format(t=table)
        if "SELECT" in expression:
            # Escaping and quoting name the value several times: a subquery is evaluated once
            # (OFFSET 0 keeps PostgreSQL from inlining it back).
            text = "coalesce(cell.v, '')"
            formatted = quoted(text if cell.numeric else escaped(text))
            parts.append(f"(SELECT {formatted} FROM (SELECT ({expression})::text AS v OFFSET 0) cell)")
            continue
        text = f"coalesce(({expression})::text, '')"
        parts.append(quoted(text if cell.numeric else escaped(text)))
    return " || ',' || ".join(parts)


def header_line(resource_class) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(resource_class().get_export_headers())
    return buffer.getvalue().encode()


def _unescape(match: re.Match) -> bytes:
    return _UNESCAPED.get(match.group(1), match.group(1))


def as_csv(rows: bytes) -> bytes:
    """Whole rows of COPY's text format as CSV lines: a raw newline only ever ends a row (one inside
    a value comes escaped), so the row ends become ``\r\n`` first, then the escapes are undone."""
    rows = rows.replace(b"\n", b"\r\n")
    return _COPY_ESCAPES.sub(_unescape, rows) if b"\\" in rows else rows


def copy_lines(queryset, csv_format) -> Iterator[bytes]:
    """The header, then the queryset's rows as CSV, in chunks of about ``CHUNK_BYTES``.

    libpq hands COPY's output over a whole row at a time, so a chunk never splits a row.
    """
    table = f'"{queryset.model._meta.db_table}"'
    lines = queryset.annotate(csv_line=RawSQL(line_sql(csv_format.sql_cells, table), (), output_field=TextField()))
    yield header_line(csv_format.resource_class)
    try:
        sql, params = lines.values_list("csv_line", flat=True).query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing (``id IN ()``) compiles to no SQL at all
        return
    blocks, size = [], 0
    statement = f"COPY ({sql}) TO STDOUT"
    if connection.queries_logged:  # psycopg's copy() is not seen by Django's query log: count it there
        connection.queries_log.append({"sql": statement, "time": "copy"})
    with connection.cursor() as cursor, cursor.cursor.copy(statement, params) as copy:
        for block in copy:
            blocks.append(bytes(block))
            size += len(block)
            if size >= CHUNK_BYTES:
                yield as_csv(b"".join(blocks))
                blocks, size = [], 0
    if blocks:
        yield as_csv(b"".join(blocks))
