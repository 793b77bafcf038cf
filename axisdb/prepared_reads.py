"""The API's reads as prepared statements: planned once per connection, not at every request (issue 15).

An API page's query is one statement with correlated subqueries (participants, claim counts,
evidence); at 300,000 events PostgreSQL took longer to plan it (2-3 ms for a detail, 3 ms for a
page) than to run it. Django binds parameters on the client and prepares nothing (its default,
kept for the rest of the app: the admin, the importers and the commands). For the length of one API
answer, ``prepared_reads`` has the connection bind parameters on the server and prepare a statement
once it has run it ``PREPARE_AFTER`` times (psycopg's automatic preparation); PostgreSQL then keeps
a plan for it, and for a statement whose plan does not depend on its parameters (a detail's key,
the first page) stops planning it (its generic plan).

Not for an answer ``as_of`` a past moment: it reads temporary tables that shadow the live ones by
name (``curation.history.as_of``), and a plan kept from a live read would read the live tables.
Streamed CSV is read after the answer, as before (COPY binds on the client anyway).

A statement prepared on a connection is planned against the tables as they were: run ``migrate``
before the servers start, or restart them after (``DB_CONN_MAX_AGE`` ends old connections too).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.db import connections
from django.db.backends.postgresql.base import ServerBindingCursor

#: Runs of the same statement on one connection before psycopg prepares it (its default, 5).
PREPARE_AFTER = 5


@contextlib.contextmanager
def prepared_reads(using: str = "default") -> Iterator[None]:
    connection = connections[using]
    connection.ensure_connection()
    raw = connection.connection
    before = raw.cursor_factory, raw.prepare_threshold
    raw.cursor_factory, raw.prepare_threshold = ServerBindingCursor, PREPARE_AFTER
    # Where queries are logged (DEBUG, tests), Django then writes each one with its parameters in place,
    # as it does for a connection configured to bind on the server (else a prepared one logs as None).
    connection.features.uses_server_side_binding = True
    try:
        yield
    finally:
        del connection.features.uses_server_side_binding  # Django's own reading of the settings again
        if not raw.closed:
            raw.cursor_factory, raw.prepare_threshold = before
