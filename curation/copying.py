"""Set-based writes for the importers (the data sets' and the CSV fixtures'): rows ``COPY``-ed into a
temporary staging table, then one ``INSERT ... SELECT`` into the model's table (with ``RETURNING``
or ``ON CONFLICT`` when asked), one ``UPDATE ... FROM`` or one ``DELETE ... USING``.

The statements run through Django's cursor, so the history triggers record every row
with the import's pghistory context, and every constraint and trigger of the table
applies as for any write. Only the way the rows travel changes: one ``COPY`` stream
instead of a statement per row or with thousands of parameters.

``model_rows`` gives each row every concrete column, as ``bulk_create`` would: the
values given, the field's default otherwise, ``now`` for the timestamps, in the form the
database takes (``get_db_prep_save``).
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable, Sequence

from django.db import connection, models, transaction

from curation.history.tracking import HISTORY_WRITTEN
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


def _after(day: datetime.date) -> str:
    return (day + datetime.timedelta(days=1)).isoformat()


def _converter(field: models.Field):
    """How one field's value becomes the database's: as it is for plain types, else ``get_db_prep_save``."""
    if isinstance(field, PartialDateField):
        # The range's literal, which COPY's text format parses as the column's daterange: the same
        # value as ``as_range()``, without psycopg's (Python) range dumper for each of the rows.
        return lambda value: None if value is None else f"[{value.lower.isoformat()},{_after(value.upper)})"
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


def _insert_history(model: type[models.Model]):
    """The model's pghistory insert event model, if its insert trigger stands aside while a statement
    writes the history itself (``HISTORY_WRITTEN``); otherwise None, and the trigger writes it."""
    history = getattr(model, "pgh_event_models", {}).get("insert")
    if history is None:
        return None
    trigger = next((t for t in model._meta.triggers if t.name == "insert_insert"), None)
    if trigger is None or HISTORY_WRITTEN not in str(getattr(trigger.condition, "sql", "")):
        return None
    return history


def _stage(cursor, table: str, columns: Sequence[str], rows: Sequence[tuple]) -> str:
    """COPY ``rows`` into a temporary table of ``table``'s ``columns`` (emptied first); its quoted name."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    stage = quote(f"stage_{table}_{hashlib.sha1(names.encode()).hexdigest()[:8]}")
    cursor.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS {stage} ON COMMIT DROP AS SELECT {names} FROM {quote(table)} WITH NO DATA"
    )
    cursor.execute(f"TRUNCATE {stage}")
    with cursor.cursor.copy(f"COPY {stage} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    return stage


def staged_update(model: type[models.Model], keys: Sequence[str], columns: Sequence[str], rows: Sequence[tuple]) -> int:
    """Set ``columns`` of the rows of ``model``'s table found by ``keys``: one ``UPDATE ... FROM``.

    Each of ``rows`` holds the values of ``keys`` then of ``columns`` (database columns, in
    the form the database takes: see ``model_rows``). The row triggers (history, checks)
    fire for each updated row as for any update. Returns the number of rows updated.
    """
    if not rows:
        return 0
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        stage = _stage(cursor, model._meta.db_table, [*keys, *columns], rows)
        assignments = ", ".join(f"{quote(column)} = stage.{quote(column)}" for column in columns)
        match = " AND ".join(f"{table}.{quote(key)} = stage.{quote(key)}" for key in keys)
        cursor.execute(f"UPDATE {table} SET {assignments} FROM {stage} AS stage WHERE {match}")
        return cursor.rowcount


def staged_delete(model: type[models.Model], keys: Sequence[str], rows: Sequence[tuple]) -> int:
    """Delete the rows of ``model``'s table whose ``keys`` hold one of ``rows``: one ``DELETE ... USING``.

    For tables nothing refers to with a cascade (Django's own cascades do not run); the
    row triggers (history) fire for each deleted row. Returns the number of rows deleted.
    """
    if not rows:
        return 0
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        stage = _stage(cursor, model._meta.db_table, keys, rows)
        match = " AND ".join(f"{table}.{quote(key)} = stage.{quote(key)}" for key in keys)
        cursor.execute(f"DELETE FROM {table} USING {stage} AS stage WHERE {match}")
        return cursor.rowcount


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

    A model with a pghistory insert trigger gets its history rows from the same statement,
    set-based: the row trigger stands aside for it (``HISTORY_WRITTEN``) and a second insert
    of the statement writes what the trigger writes (every tracked column, the label
    ``insert``, ``NOW()``, the object's id) with the context attached once, as the trigger
    would attach it.
    """
    if not rows:
        return []
    quote = connection.ops.quote_name
    table = model._meta.db_table
    names = ", ".join(quote(column) for column in columns)
    history = _insert_history(model) if not on_conflict else None
    with connection.cursor() as cursor:
        stage = _stage(cursor, table, columns, rows)
        back = f" RETURNING {', '.join(quote(column) for column in returning)}" if returning else ""
        insert = f"INSERT INTO {quote(table)} ({names}) SELECT {names} FROM {stage} {on_conflict}"
        if history is None:
            cursor.execute(insert + back)
            return cursor.fetchall() if returning else []
        cursor.execute("SELECT _pgh_attach_context()")
        (context,) = cursor.fetchone()
        written, taken = [], []
        for field in history._meta.concrete_fields:
            if field.primary_key:
                continue
            written.append(quote(field.column))
            taken.append(
                {
                    "pgh_created_at": "NOW()",
                    "pgh_label": "'insert'",
                    "pgh_obj_id": "inserted.id",
                    "pgh_context_id": "%s::uuid",
                }.get(field.column, f"inserted.{quote(field.column)}")
            )
        shown = ", ".join(f"inserted.{quote(column)}" for column in returning) or "1"
        # The table's insert trigger stands aside for this one statement. Set inside a savepoint: a
        # refused insert rolls the setting back with it, so the rows an importer then writes one at
        # a time (to find the refused one) are recorded by the trigger again.
        with transaction.atomic():
            cursor.execute("SELECT set_config(%s, %s, true)", [HISTORY_WRITTEN, table])
            cursor.execute(
                f"WITH inserted AS ({insert} RETURNING *), "
                f"history AS (INSERT INTO {quote(history._meta.db_table)} ({', '.join(written)}) "
                f"SELECT {', '.join(taken)} FROM inserted) "
                f"SELECT {shown} FROM inserted",
                [None if context is None else str(context)],
            )
            written_rows = cursor.fetchall() if returning else []
            cursor.execute("SELECT set_config(%s, '', true)", [HISTORY_WRITTEN])
        return written_rows
