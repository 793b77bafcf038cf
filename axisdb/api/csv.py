"""CSV output of list endpoints: formula-escaped cells, streamed row by row.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab
or carriage return before one) as a formula, so such text cells are prefixed
with ``'``. Numbers in numeric columns stay numbers, negative ones included.

TODO: unify with the escape function of ``axisdb/csvio`` once it exists; this
one is deliberately small so that the two can be compared line by line.
"""

import csv
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import StreamingHttpResponse
from rest_framework.renderers import BaseRenderer

from axisdb.partial_dates import PartialDate

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
NUMBER_RE = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
CSV_CHUNK_SIZE = 1000


def escape_cell(value: str, *, numeric: bool = False) -> str:
    """Neutralise a cell a spreadsheet would run as a formula; keep numbers in numeric columns."""
    if numeric and NUMBER_RE.match(value):
        return value
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


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
