"""A repeated conditional GET of the API answered in front of Django, with the 304 Django gave (issue 15).

``ApiRequestMiddleware`` answers a client whose copy is current with a 304 after one query (the
public data's version), but the request still crosses Django's handler: the request object, the
middleware chain, URL resolution and the view's content negotiation (to compute the ETag), most of
that 304's cost. This WSGI wrapper remembers, per process, each such 304 Django gave: the request
(method, path, query, the headers that can change the answer) with the data's version it was given
under, and its status line and headers. The same request again is answered with those same headers
when the version is still that version: one query (the version), the throttle, no Django.

What it answers is only ever what Django answered, for the same request at the same version, so
it is exactly what Django would give again (the ETag is a hash of that version, the path, query and
format; ``Last-Modified`` is the version's time). Everything else goes through Django untouched: a
version that moved, a request not seen yet, another method, a request with a body, a cookie or
credentials (a session could change the answer), a 200, 400, 404 or 429, and any answer with a
cookie. The throttle counts a replayed 304 as ``ApiRequestMiddleware`` does (its refusal is left to
Django, which answers 429). A database that cannot answer sends the request to Django as well, which
reconnects (or answers 503).
"""

from __future__ import annotations

import time
import weakref

import psycopg
from django.core.signals import request_started, setting_changed
from django.db import InterfaceError, OperationalError, connections
from psycopg.pq import DiagnosticField, ExecStatus, TransactionStatus

from axisdb.api_requests import throttle_allows
from axisdb.request_limits import API_PREFIX
from curation.public_version import VERSION_SQL

#: Remembered 304s per process; past this, the oldest is forgotten (any client can make new ones).
MAX_ENTRIES = 1000
#: Request headers that cannot change the answer, left out of the key (the client's address only
#: counts for the throttle, which runs on every replay).
IGNORED_HEADERS = frozenset(
    {"HTTP_USER_AGENT", "HTTP_CONNECTION", "HTTP_ACCEPT_ENCODING", "HTTP_X_FORWARDED_FOR", "HTTP_KEEP_ALIVE"}
)
#: A request with one of these may be answered differently (a session, credentials) or has a body.
DJANGO_ONLY = ("HTTP_COOKIE", "HTTP_AUTHORIZATION", "HTTP_TRANSFER_ENCODING")


#: The version's statement, prepared once on each connection under this name (psycopg's own are ``_pg3_*``).
STATEMENT = b"axisdb_replay_public_data_version"
#: The connections it is prepared on (a new connection after a close or an error prepares it again).
_prepared_on: weakref.WeakSet = weakref.WeakSet()


def public_data_version() -> tuple[bytes, bytes]:
    """The data's ``(version, changed_at)`` as PostgreSQL writes them (text, unparsed), read on Django's connection
    by a statement prepared there once. Through libpq directly: a psycopg cursor, and the parsing of the time,
    cost four times the round trip itself (67 us of CPU against 13). Logged like Django's queries when they are
    being logged (DEBUG, tests); an error is Django's ``OperationalError``."""
    connection = connections["default"]
    connection.ensure_connection()
    started = time.monotonic()
    with connection.wrap_database_errors:
        row = _read_version(connection.connection)
    if connection.queries_logged:
        connection.queries_log.append({"sql": VERSION_SQL, "time": f"{time.monotonic() - started:.3f}"})
    return row


def _read_version(raw: psycopg.Connection) -> tuple[bytes, bytes]:
    pgconn = raw.pgconn
    if pgconn.transaction_status != TransactionStatus.IDLE:
        # Inside a transaction (never at a request's start; the tests' own) an error would abort it: no
        # statement that may have been deallocated, the query itself.
        result = pgconn.exec_(VERSION_SQL.encode())
        _checked(pgconn, result)
        return result.get_value(0, 0), result.get_value(0, 1)
    if raw not in _prepared_on:
        _checked(pgconn, pgconn.prepare(STATEMENT, VERSION_SQL.encode()))
        _prepared_on.add(raw)
    result = pgconn.exec_prepared(STATEMENT, None)
    if result.status == ExecStatus.FATAL_ERROR and result.error_field(DiagnosticField.SQLSTATE) == b"26000":
        # Deallocated behind our back (DISCARD ALL, DEALLOCATE ALL): prepared again.
        _checked(pgconn, pgconn.prepare(STATEMENT, VERSION_SQL.encode()))
        result = pgconn.exec_prepared(STATEMENT, None)
    _checked(pgconn, result)
    return result.get_value(0, 0), result.get_value(0, 1)


def _checked(pgconn, result) -> None:
    if result.status not in (ExecStatus.COMMAND_OK, ExecStatus.TUPLES_OK) or (
        result.status == ExecStatus.TUPLES_OK and result.ntuples != 1
    ):
        message = (result.error_message or pgconn.error_message or b"no version row").decode(errors="replace")
        raise psycopg.OperationalError(message.strip())


def request_key(environ) -> tuple | None:
    """What Django's answer to a conditional GET or HEAD under /api/ can depend on besides the data's
    version, or None for a request that always goes through Django."""
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return None
    if not environ.get("PATH_INFO", "").startswith(API_PREFIX):
        return None
    if not (environ.get("HTTP_IF_NONE_MATCH") or environ.get("HTTP_IF_MODIFIED_SINCE")):
        return None
    if environ.get("CONTENT_LENGTH", "") not in ("", "0") or any(name in environ for name in DJANGO_ONLY):
        return None
    headers = tuple(
        sorted(
            (name, value)
            for name, value in environ.items()
            if name.startswith("HTTP_") and name not in IGNORED_HEADERS and isinstance(value, str)
        )
    )
    return (
        environ["REQUEST_METHOD"],
        environ.get("SCRIPT_NAME", ""),
        environ["PATH_INFO"],
        environ.get("QUERY_STRING", ""),
        environ.get("wsgi.url_scheme", ""),
        environ.get("SERVER_NAME", ""),
        environ.get("SERVER_PORT", ""),
        headers,
    )


class NotModifiedReplay:
    """Wraps Django's WSGI handler (``axisdb.wsgi``)."""

    def __init__(self, django_application):
        self.django = django_application
        self.remembered: dict[tuple, tuple[tuple, str, list[tuple[str, str]]]] = {}
        # Tests change settings (the cache's max-age, the throttle's rate) that shape the answer.
        setting_changed.connect(self.forget, weak=False)

    def forget(self, **kwargs) -> None:
        self.remembered.clear()

    def __call__(self, environ, start_response):
        key = request_key(environ)
        if key is None:
            return self.django(environ, start_response)
        remembered = self.remembered.get(key)
        if remembered is not None:
            answered = self.replay(environ, start_response, *remembered)
            if answered is not None:
                return answered
        return self.remember(key, environ, start_response)

    def replay(self, environ, start_response, version, status, headers):
        # Django's start of a request: a persistent connection past its age or left broken is closed
        # (request_finished would do the same again, and reset what a replay never touches: the URLconf).
        request_started.send(sender=self.__class__, environ=environ)
        # No health check (a SELECT 1 before the first query, as Django's handler would run): a
        # connection that fails sends the request to Django, which closes it and reconnects.
        connections["default"].health_check_done = True
        try:
            current = public_data_version()
        except (OperationalError, InterfaceError):
            return None
        if current != version or not throttle_allows(environ):
            return None
        start_response(status, list(headers))
        return [b""]

    def remember(self, key, environ, start_response):
        """Django's answer; kept when it is a 304 given under a version the middleware read."""
        seen = {}

        def capture(status, headers, exc_info=None):
            seen["status"], seen["headers"] = status, headers
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        response = self.django(environ, capture)
        version = getattr(response, "public_data_version", None)
        status = seen.get("status", "")
        if version is not None and status.startswith("304") and "set-cookie" not in _lower_names(seen["headers"]):
            # Kept with the version as the replay reads it (unparsed), when that is still the version Django answered.
            try:
                current = public_data_version()
            except (OperationalError, InterfaceError):
                return response
            if int(current[0]) == version[0]:
                if len(self.remembered) >= MAX_ENTRIES:
                    self.remembered.pop(next(iter(self.remembered)), None)
                self.remembered[key] = (current, status, list(seen["headers"]))
        return response


def _lower_names(headers) -> set[str]:
    return {name.lower() for name, _ in headers}
