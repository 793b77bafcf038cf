"""Set-based inserts for the importers: rows ``COPY``-ed into a temporary staging table, then one
``INSERT ... SELECT`` into the model's table (with ``RETURNING`` or ``ON CONFLICT`` when asked).

The ``INSERT`` runs through Django's cursor, so the history triggers record every row
with the import's pghistory context, and every constraint and trigger of the table
applies as for any insert. Only the way the rows travel changes: one ``COPY`` stream
instead of a statement with thousands of parameters.

``model_rows`` gives each row every concrete column, as ``bulk_create`` would: the
values given, the field's default otherwise, ``now`` for the timestamps, in the form the
database takes (``get_db_prep_save``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from django.db import connection, models

from curation.partial_dates import PartialDateField


def insert_columns(model: type[models.Model]) -> list[models.Field]:
    """The fields an insert writes: every concrete one but the key and generated columns."""
    return [field for field in model._meta.concrete_fields if not field.primary_key and not field.generated]


#: Fields whose Python value psycopg takes as it is (``get_db_prep_save`` would return it unchanged).
_AS_IS = (
    models.CharField,  # and SlugField
    models.TextField,
    models.BooleanField,
    models.IntegerField,  # and its small, big and positive kinds
    models.DecimalField,
    models.DateTimeField,
    models.ForeignKey,
)


def _converter(field: models.Field):
    """How one field's value becomes the database's: as it is for plain types, else ``get_db_prep_save``."""
    if isinstance(field, PartialDateField):
        return lambda value: None if value is None else value.as_range()
    if isinstance(field, _AS_IS):
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def model_rows(model: type[models.Model], values: Iterable[dict], *, now) -> tuple[list[str], list[tuple]]:
    """Columns and rows for ``staged_insert``: each ``values`` dict by field attribute name (``event_id``).

    Absent fields take their default; ``auto_now``/``auto_now_add`` fields take ``now`` (aware).
    """
    fields = insert_columns(model)
    defaults = {}
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            defaults[field.attname] = now
        elif field.has_default() or not field.null:
            defaults[field.attname] = field.get_default()
        else:
            defaults[field.attname] = None
    names = [field.attname for field in fields]
    converters = [(index, convert) for index, field in enumerate(fields) if (convert := _converter(field))]
    rows = []
    for given in values:
        row = [given.get(name, defaults[name]) for name in names]
        for index, convert in converters:
            row[index] = convert(row[index])
        rows.append(tuple(row))
    return [field.column for field in fields], rows


def staged_insert(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[tuple],
    *,
    returning: Sequence[str] = (),
    on_conflict: str = "",
) -> list[tuple]:
    """Insert ``rows`` (values of ``columns``) into ``model``'s table by COPY and INSERT ... SELECT.

    ``returning``: columns of the inserted rows to give back. ``on_conflict``: an
    ``ON CONFLICT ...`` clause, written by the caller (no input of a user goes into it).
    """
    if not rows:
        return []
    quote = connection.ops.quote_name
    table = model._meta.db_table
    names = ", ".join(quote(column) for column in columns)
    stage = quote(f"stage_{table}_{hashlib.sha1(names.encode()).hexdigest()[:8]}")
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {stage} ON COMMIT DROP AS SELECT {names} FROM {quote(table)} WITH NO DATA"
        )
        cursor.execute(f"TRUNCATE {stage}")
        with cursor.cursor.copy(f"COPY {stage} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        back = f" RETURNING {', '.join(quote(column) for column in returning)}" if returning else ""
        cursor.execute(f"INSERT INTO {quote(table)} ({names}) SELECT {names} FROM {stage} {on_conflict}{back}")
        return cursor.fetchall() if returning else []
