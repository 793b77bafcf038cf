"""Fixture-format CSV out of any queryset: for export_fixtures, the admin and the API.

``rows_for(StateResource, State.objects.filter(...))`` yields the header and then one
list of cells per record, exactly as in the fixture files (same columns, same
order, ``;``-lists, partial dates with ``~``, formula-like cells escaped with
``'``). ``csv_text`` turns rows into the file's text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from pathlib import Path

from .formulae import escape_cell  # noqa: F401  (part of this module's interface)

LINE_TERMINATOR = "\n"


def rows_for(resource_class, queryset=None, *, header: bool = True) -> Iterator[list[str]]:
    """Header (unless ``header=False``), then the cells of each record of ``queryset``.

    Without a queryset, every record ordered by key. A given queryset keeps its order;
    related records are fetched in a fixed number of queries, whatever its size.
    """
    resource = resource_class()
    queryset = resource.get_export_queryset() if queryset is None else resource.filter_export(queryset)
    if header:
        yield resource.get_export_headers()
    for instance in resource.iter_queryset(queryset):
        yield resource.export_resource(instance)


def csv_text(rows: Iterable[list[str]]) -> str:
    """RFC 4180 text (quoted where needed, ``\\n`` line ends), as written to fixture files."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=LINE_TERMINATOR)
    writer.writerows(rows)
    return buffer.getvalue()


def write_csv(path: Path, rows: Iterable[list[str]]) -> int:
    """Write rows to ``path`` (UTF-8, no BOM), replacing it only once complete. Returns the data rows."""
    rows = list(rows)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(csv_text(rows), encoding="utf-8", newline="")
    temporary.replace(path)
    return max(len(rows) - 1, 0)
