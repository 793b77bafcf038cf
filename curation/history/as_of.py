"""Answers as of a past moment (the API's ``?as_of=``, ``curation.api.as_of``): the tables as they were.

For the length of one answer, each tracked public table (``registry.public_models()`` with a
pghistory event model) gets a temporary twin of the same name, holding each record as it was at
the moment: its live row when it has no history since (most of them, and the cheap part: stored
search vectors come with it), else its latest history row at or before the moment, unless that row
is its deletion. PostgreSQL looks in the session's temporary schema first for an unqualified table
name, and neither Django nor this project's SQL (the selectors, the serializers' subqueries, the
evidence functions of ``sources/migrations/0009_evidence_rules.py``) names a schema, so every read
of the answer sees the past unchanged: which records were public, their fields, parts and counts,
and every filter.

- Columns the history leaves out are derived again: generated ones (search vectors, periods) by
  their own expressions for the rows read from the history, the others by the SQL the apps
  register (``registry.register_as_of_derivation``: a source's origins, a claim's origin count).
- Tables nobody tracks are read live: the state names table (``events.StateName``), through
  which ``participant=North Korea`` is resolved, is a lookup of names to codes, not something
  readers see as of a date.
- Everything happens inside a transaction (a savepoint within one already open) that is rolled
  back at the end (``shadowed``), so the twins vanish whatever happens; a streamed CSV, read after
  the answer, makes its own. An answer as of a moment binds its parameters on the client and prepares no statement
  (``axisdb.prepared_reads`` leaves it out), so no plan made against the live tables is reused.
- History rows carry their transaction's start time: a write counts from when its transaction
  began, as ``changes`` reads it.
"""

from __future__ import annotations

import datetime
from contextlib import contextmanager
from functools import cache

from django.db import connection, models, transaction

from curation.registry import registry

from .models import event_model


def shadowed_models() -> list[type[models.Model]]:
    """The public tables rebuilt from their history (the untracked ones, like releases, are left alone)."""
    return [model for model in registry.public_models() if getattr(model, "pgh_event_models", None)]


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def _index_sql(model, schema_editor) -> list[str]:
    """The plain B-tree indexes of ``model``: its key, every unique set of columns and foreign key
    between the rebuilt tables (whether or not the live table indexes a foreign key alone), and its
    ordering indexes. Text-search, trigram and range indexes are left out: building them costs more
    than the one answer they would speed up."""
    table = _quoted(model._meta.db_table)
    rebuilt = set(shadowed_models())
    statements = [f"ALTER TABLE {table} ADD PRIMARY KEY ({_quoted(model._meta.pk.column)})"]
    column_sets = [
        (field.column,)
        for field in model._meta.concrete_fields
        if not field.primary_key and (field.unique or (field.is_relation and field.related_model in rebuilt))
    ]
    for names in model._meta.unique_together:
        column_sets.append(tuple(model._meta.get_field(name).column for name in names))
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields and constraint.condition is None:
            column_sets.append(tuple(model._meta.get_field(name).column for name in constraint.fields))
    plain = [index for index in model._meta.indexes if type(index) is models.Index and not index.opclasses]
    plain = [index for index in plain if index.condition is None]
    for index in plain:
        if index.fields and not any(name.startswith("-") for name in index.fields):
            column_sets.append(tuple(model._meta.get_field(name).column for name in index.fields))
    column_sets = list(dict.fromkeys(column_sets))
    for columns in column_sets:
        if not any(other != columns and other[: len(columns)] == columns for other in column_sets):
            statements.append(f"CREATE INDEX ON {table} ({', '.join(_quoted(column) for column in columns)})")
    for index in plain:  # the others: descending orders and expressions
        if not index.fields or any(name.startswith("-") for name in index.fields):
            statements.append(str(index.create_sql(model, schema_editor)))
    return statements


def _generated_sql(field) -> str:
    """A generated column's expression, on the row's own columns, with its values written in."""
    sql, params = field.generated_sql(connection)
    return connection.ops.compose_sql(sql, params).replace("%", "%%")


def _written_since(history: str, record: str) -> str:
    """SQL: the record (its key: ``record``) has a history row after the moment."""
    return (
        f"EXISTS (SELECT 1 FROM {history} later WHERE later.pgh_obj_id = {record}"
        " AND later.pgh_created_at > %(moment)s)"
    )


@cache
def _script() -> str:
    """The SQL that builds every twin as of ``%(moment)s``: one round trip.

    A record with no history after the moment is as it is now: its live row is copied, stored
    search vectors and periods with it (computing them again is most of the cost). Only the records
    written since are read from the history, their generated columns computed on the way. Each twin
    is filled under a name of its own, from the live table, then renamed over it. Each statement
    sees the writes committed before it (read committed): a record written between the two fills
    was copied live, as it was at the moment, and is not read again from its history.
    """
    connection.ensure_connection()
    schema_editor = connection.schema_editor(collect_sql=True)
    fills, renames, finishes = [], [], []
    for model in shadowed_models():
        table = _quoted(model._meta.db_table)
        twin = _quoted(f"as_of_{model._meta.db_table}")
        history = _quoted(event_model(model)._meta.db_table)
        tracked = {field.column for field in event_model(model)._meta.concrete_fields}
        fields = [field for field in model._meta.concrete_fields if field.column in tracked]
        generated = [field for field in model._meta.concrete_fields if isinstance(field, models.GeneratedField)]
        columns = ", ".join(_quoted(field.column) for field in fields)
        into = ", ".join(_quoted(field.column) for field in [*fields, *generated])
        computed = ", ".join([columns, *(_generated_sql(field) for field in generated)])
        key = _quoted(model._meta.pk.column)
        fills.append(
            f"CREATE TEMPORARY TABLE {twin} (LIKE {table} INCLUDING DEFAULTS INCLUDING IDENTITY) ON COMMIT DROP"
        )
        fills.append(
            f"INSERT INTO {twin} SELECT * FROM {table} AS present WHERE NOT {_written_since(history, f'present.{key}')}"
        )
        fills.append(
            f"INSERT INTO {twin} ({into}) SELECT {computed} FROM ("
            f"SELECT DISTINCT ON (pgh_obj_id) {columns}, pgh_label FROM {history} AS past "
            f"WHERE pgh_created_at <= %(moment)s AND {_written_since(history, 'past.pgh_obj_id')} "
            "ORDER BY pgh_obj_id, pgh_id DESC"
            f") AS latest WHERE pgh_label <> 'delete'"
            f" AND NOT EXISTS (SELECT 1 FROM {twin} AS copied WHERE copied.{key} = latest.{key})"
        )
        renames.append(f"ALTER TABLE {twin} RENAME TO {table}")
        finishes.extend(_index_sql(model, schema_editor))
        finishes.append(f"ANALYZE {table}")
    # A sample of 3,000 rows a table (statistics target 10) sizes the tables well enough for the
    # planner, at a fraction of a full ANALYZE; the setting goes with the block's rollback.
    sample = "SET LOCAL default_statistics_target = 10"
    return ";\n".join([*fills, *renames, sample, *finishes, *registry.as_of_derivations()]) + ";"


@contextmanager
def shadowed(moment: datetime.datetime):
    """Within the block, the public tables read as they were at ``moment``.

    A transaction of its own holds the twins and is rolled back on the way out (an API read opens
    none: ``axisdb.api_requests``), or a savepoint within one already open (a test's, a command's).
    """
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(_script(), {"moment": moment})
        try:
            yield
        finally:
            transaction.set_rollback(True)  # the twins go with the rollback; nothing else was written
