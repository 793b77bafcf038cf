"""CSV output of list endpoints: the fixture files' format, streamed row by row.

The cells come from the import/export resources themselves
(``curation.csvio.export.rows_for``): the same columns, the same spelling of lists
and partial dates, and the same formula escaping (a text cell starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'``;
numeric columns are left alone), so an API export imports back exactly.
"""

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.http import StreamingHttpResponse
from rest_framework.renderers import BaseRenderer

from curation.csvio.export import rows_for

from .csv_sql import copy_lines


@dataclass(frozen=True)
class CsvFormat:
    """One list's CSV file: its name and the resource that writes its rows.

    With ``sql_cells`` (each column's cell in SQL, see ``csv_sql``), PostgreSQL writes the
    lines and ``COPY`` streams them; the resource still names the columns.
    """

    filename: str
    resource_class: type
    sql_cells: tuple | None = None


class _Echo:
    """A file-like object whose ``write`` hands the line back to the csv writer's caller."""

    def write(self, value: str) -> str:
        return value


def csv_lines(queryset, csv_format: CsvFormat) -> Iterator[str]:
    writer = csv.writer(_Echo())
    for row in rows_for(csv_format.resource_class, queryset):
        yield writer.writerow(row)


def _within(context: Callable, lines: Iterator) -> Iterator:
    with context():
        yield from lines


def stream_csv(queryset, csv_format: CsvFormat, *, within: Callable | None = None) -> StreamingHttpResponse:
    """The whole queryset as CSV, read with a server-side cursor while it is sent.

    The resource reads related rows itself, one query per column for the whole set. ``within`` (a
    context manager factory) wraps the reading: the lines are read after the view has answered.
    """
    lines = copy_lines(queryset, csv_format) if csv_format.sql_cells else csv_lines(queryset, csv_format)
    if within is not None:
        lines = _within(within, lines)
    response = StreamingHttpResponse(lines, content_type=CSVRenderer.content_type)
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
