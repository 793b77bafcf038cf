"""The public data's version: what the API's ETag, Last-Modified and response cache follow.

It moves only when what a reader can see changes: a published row is added,
changed or deleted, or a row is published or returned to draft. Editing a
draft moves nothing, so nobody watches unpublished work through the cache
headers. Each public model (``curation.registry``) gets three statement-level
triggers (insert, update, delete) that look at the statement's rows in their
transition tables and, if any of them is visible before or after, mark the
transaction; the version itself moves once, at commit
(``curation/migrations/0001_public_data_version.py``). The triggers are
(re)installed after every ``migrate``.

A row is visible when the SQL condition its app registered says so, on the
row aliased ``r`` (``registry.register_public_models(..., visible_when=...)``);
by default a publishable row when published, any other row always.
"""

from __future__ import annotations

import datetime

from django.db import connections

from .models import Publishable
from .registry import registry
from .workflow.status import EditorialStatus

OPERATIONS = {
    "insert": ("NEW",),
    "update": ("OLD", "NEW"),
    "delete": ("OLD",),
}


def visible_condition(model) -> str:
    """The SQL condition on a row ``r`` of ``model``'s table under which readers can see it."""
    condition = registry.public_visibility(model)
    if condition is not None:
        return condition
    if issubclass(model, Publishable):
        return f"r.status = '{EditorialStatus.PUBLISHED}'"
    return "TRUE"


def trigger_sql(model) -> str:
    table = model._meta.db_table
    condition = visible_condition(model)
    statements = []
    for operation, transitions in OPERATIONS.items():
        name = f"public_version_{operation}"
        function = f"public_version_{table}_{operation}"[:63]
        checks = " OR ".join(
            f"EXISTS (SELECT 1 FROM public_version_{which.lower()} r WHERE {condition})" for which in transitions
        )
        referencing = " ".join(f"{which} TABLE AS public_version_{which.lower()}" for which in transitions)
        statements.append(
            f"""
CREATE OR REPLACE FUNCTION "{function}"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF {checks} THEN
        PERFORM curation_public_data_changed();
    END IF;
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER "{name}" AFTER {operation.upper()} ON "{table}"
    REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION "{function}"();"""
        )
    return "\n".join(statements)


def install_triggers(*, using: str = "default") -> None:
    """Install (or replace) the triggers of every public model whose table exists."""
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('curation_public_data_version') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return
        existing = set(connection.introspection.table_names(cursor))
        for model in registry.public_models():
            if model._meta.db_table in existing:
                cursor.execute(trigger_sql(model))


def install_after_migrate(sender, using="default", **kwargs) -> None:
    install_triggers(using=using)


#: The one row's ``(version, changed_at)``.
VERSION_SQL = "SELECT version, changed_at FROM curation_public_data_version WHERE id = 1"


def public_data_version(
    *, statement_timeout_ms: int | None = None, using: str = "default"
) -> tuple[int, datetime.datetime]:
    """``(version, changed_at)`` of what readers can see, in one query of one row.

    With ``statement_timeout_ms``, the same query sets PostgreSQL's ``statement_timeout`` for the session
    (no extra round trip): until it is reset (``axisdb.api_requests``), or the transaction it was set
    in is rolled back.
    """
    with connections[using].cursor() as cursor:
        if statement_timeout_ms is None:
            cursor.execute(VERSION_SQL)
        else:
            cursor.execute(
                "SELECT version, changed_at, set_config('statement_timeout', %s, false)"
                " FROM curation_public_data_version WHERE id = 1",
                [str(statement_timeout_ms)],
            )
        return cursor.fetchone()[:2]
