"""CSV output of list endpoints: fixture-format cells, formula-escaped, streamed row by row.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return as a formula, so such text cells are prefixed with ``'``. The
escaping is the CSV import/export's own (``axisdb.csvio.formulae.escape_cell``),
so that an API export imports back exactly; numbers in numeric columns are left
alone, so a negative number stays a number.
"""

import csv
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import StreamingHttpResponse
from rest_framework.renderers import BaseRenderer

from axisdb.csvio.formulae import escape_cell as escape_formula
from axisdb.partial_dates import PartialDate

NUMBER_RE = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
CSV_CHUNK_SIZE = 1000


def escape_cell(value: str, *, numeric: bool = False) -> str:
    """Neutralise a cell a spreadsheet would run as a formula; keep numbers in numeric columns."""
    if numeric and NUMBER_RE.match(value):
        return value
    return escape_formula(value)


def cell_text(value) -> str:
    """The fixture spelling of a value: ``true``/``false``, ``a;b``, ``2024-03~``, ``2500000``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, list | tuple):
        return ";".join(cell_text(item) for item in value)
    return str(value)


def partial_text(value: PartialDate | None, approximate: bool = False) -> str:
    return "" if value is None else str(value.with_approximate(approximate))


@dataclass(frozen=True)
class CsvFormat:
    """The columns of one resource's CSV file and how to fill them from a record."""

    filename: str
    columns: tuple[str, ...]
    row: Callable[[object], dict]
    numeric: frozenset[str] = field(default_factory=frozenset)

    def render_row(self, record) -> list[str]:
        values = self.row(record)
        return [escape_cell(cell_text(values.get(column)), numeric=column in self.numeric) for column in self.columns]


class _Echo:
    """A file-like object whose ``write`` hands the line back to the csv writer's caller."""

    def write(self, value: str) -> str:
        return value


def csv_lines(records: Iterable, csv_format: CsvFormat) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(csv_format.columns)
    for record in records:
        yield writer.writerow(csv_format.render_row(record))


def stream_csv(queryset, csv_format: CsvFormat) -> StreamingHttpResponse:
    """The whole queryset as CSV, fetched in chunks (with their prefetches) while it is sent."""
    records = queryset.iterator(chunk_size=CSV_CHUNK_SIZE)
    response = StreamingHttpResponse(csv_lines(records, csv_format), content_type=CSVRenderer.content_type)
    response["Content-Disposition"] = f'attachment; filename="{csv_format.filename}"'
    return response


class CSVRenderer(BaseRenderer):
    """Lets content negotiation pick CSV (``?format=csv``, ``Accept: text/csv``).

    List views stream CSV themselves (see ``stream_csv``); errors are always JSON.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"
    content_type = "text/csv; charset=utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        raise NotImplementedError("CSV is streamed by the list view, never rendered from data.")
