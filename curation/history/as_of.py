"""Answers as of a past moment (the API's ``?as_of=``, ``curation.api.as_of``): the tables as they were.

For the length of one answer, each tracked public table (``registry.public_models()`` with a
pghistory event model) gets a temporary twin of the same name, filled with each record's latest
history row at or before the moment, unless that row is its deletion. PostgreSQL looks in the
session's temporary schema first for an unqualified table name, and neither Django nor this
project's SQL (the selectors, the serializers' subqueries, the evidence functions of
``sources/migrations/0009_evidence_rules.py``) names a schema, so every read of the answer sees
the past unchanged: which records were public, their fields, parts and counts, and every filter.

- Columns the history leaves out are derived again: generated ones (search vectors, periods) by
  PostgreSQL as the rows go in, the others by the SQL the apps register
  (``registry.register_as_of_derivation``: a source's origins, a claim's origin count).
- Tables nobody tracks are read live: the state names table (``events.StateName``), through
  which ``participant=North Korea`` is resolved, is a lookup of names to codes, not something
  readers see as of a date.
- Everything happens inside a savepoint that is rolled back at the end (``shadowed``), so the
  twins vanish whatever happens; a streamed CSV, read after the request's transaction, makes its
  own. The connection binds no parameters server-side and prepares no statements, so no plan
  made against the live tables is reused.
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
    """The plain B-tree indexes of ``model``: its key, its foreign keys and unique fields, and its ordering
    indexes. Text-search, trigram and range indexes are left out: building them costs more than the
    one answer they would speed up."""
    table = _quoted(model._meta.db_table)
    statements = [f"ALTER TABLE {table} ADD PRIMARY KEY ({_quoted(model._meta.pk.column)})"]
    for field in model._meta.concrete_fields:
        if not field.primary_key and (field.unique or field.db_index):
            statements.append(f"CREATE INDEX ON {table} ({_quoted(field.column)})")
    for index in model._meta.indexes:
        if type(index) is models.Index and not index.opclasses and index.condition is None:
            statements.append(str(index.create_sql(model, schema_editor)))
    return statements


@cache
def _script() -> str:
    """The SQL that builds every twin as of ``%(moment)s``: one round trip."""
    schema_editor = connection.schema_editor(collect_sql=True)
    creates, fills, finishes = [], [], []
    for model in shadowed_models():
        table = _quoted(model._meta.db_table)
        history = event_model(model)
        tracked = {field.column for field in history._meta.concrete_fields}
        columns = ", ".join(
            _quoted(field.column)
            for field in model._meta.concrete_fields
            if field.column in tracked and not isinstance(field, models.GeneratedField)
        )
        # LIKE names the live table: its twin does not exist yet when this runs.
        creates.append(
            f"CREATE TEMPORARY TABLE {table} (LIKE {table} INCLUDING DEFAULTS INCLUDING GENERATED "
            "INCLUDING IDENTITY) ON COMMIT DROP"
        )
        fills.append(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM ("
            f"SELECT DISTINCT ON (pgh_obj_id) {columns}, pgh_label FROM {_quoted(history._meta.db_table)} "
            "WHERE pgh_created_at <= %(moment)s ORDER BY pgh_obj_id, pgh_id DESC"
            ") AS latest WHERE pgh_label <> 'delete'"
        )
        finishes.extend(_index_sql(model, schema_editor))
        finishes.append(f"ANALYZE {table}")
    return ";\n".join([*creates, *fills, *finishes, *registry.as_of_derivations()]) + ";"


@contextmanager
def shadowed(moment: datetime.datetime):
    """Within the block, the public tables read as they were at ``moment``.

    A savepoint holds the twins and is rolled back on the way out (inside the request's
    transaction), or a transaction of its own when there is none (a CSV streamed after it).
    """
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(_script(), {"moment": moment})
        try:
            yield
        finally:
            transaction.set_rollback(True)  # the twins go with the savepoint; nothing else was written
