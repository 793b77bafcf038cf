"""The API's front door: the data's version, a time limit, and answers kept in memory.

Every request for API records (a view with ``conditional``: the resources, not
the schema or docs) first reads the public data's version
(``curation.public_version``); the same query sets the time limit of the
request's statements (``AXISDB_API_STATEMENT_TIMEOUT_MS``: past it, a 503,
``axisdb.outage``). The views reuse that version for their ETag
(``curation.api.caching``), so it costs no second query. A streamed CSV is read
after the answer, without the limit.

These views only read (any other method than GET, HEAD and OPTIONS is a 405), so
a request runs in autocommit, as PostgreSQL runs each statement at READ COMMITTED
anyway (each sees the data as of its own start, in a transaction or not): a
transaction around it would cost two round trips (BEGIN, COMMIT) of a detail's
four and give the reader nothing. The time limit is therefore the
session's, not the transaction's (``SET LOCAL`` needs one): it stays on the
connection after the answer, marked (``mark_time_limited``), and is reset
(``lift_time_limit``, one round trip) before anything else uses that connection in
a request: a request outside ``/api/`` (the admin, the explorer, imports), and a
streamed CSV.

A GET answered 200 with an ETag is kept in memory (the ``api`` cache, per
process, ``AXISDB_API_RESPONSE_CACHE_ENTRIES`` answers), keyed on that version,
the path with its query and the ``Accept`` header: the same request again costs
that one query and the throttle, then the stored bytes (or a 304 when
``If-None-Match`` names the stored ETag). A conditional GET (``If-None-Match``,
``If-Modified-Since``) whose copy is current is answered 304 here, from that
version, read in one round trip, before the view or the inner middleware run,
whether or not its answer is kept (``not_modified``; a copy that is not current
costs that query once more, with the time limit). The
ETag is computed as the view computes it (the path, its query and the format the
view's content negotiation picks), so a 304 here is the 304 the view would give. Nothing is invalidated by hand: a
change readers can see moves the version, so older answers are never asked for
again and fall out as new ones come. Streamed answers (CSV) and answers over
``MAX_BODY_BYTES`` are not kept.
"""

from __future__ import annotations

import hashlib

import psycopg
from django.conf import settings
from django.core.cache import caches
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils.http import parse_etags
from rest_framework.settings import api_settings

from axisdb.outage import outage_response
from axisdb.prepared_reads import prepared_reads
from axisdb.records_chain import RecordsHandler
from axisdb.request_limits import API_PREFIX
from curation.api import caching
from curation.public_version import public_data_version

MAX_BODY_BYTES = 256 * 1024
#: An answer with no other parameter than these has its statements prepared (``axisdb.prepared_reads``).
#: Their values (a record's key in the path, a page's position) do not change how the rows are best read,
#: so a plan kept for one value serves the next. A filter's value does (one source cited three times, one
#: cited by a thousand claims): such a page is planned for its values each time. Not ``as_of`` either: it
#: reads temporary tables named as the live ones, and a kept plan reads the live ones.
PREPARED_PARAMETERS = frozenset({"cursor", "page_size", "ordering", "format"})
#: What a stored answer repeats besides its body (a 304 repeats the validators and caching headers).
NOT_MODIFIED_HEADERS = ("ETag", "Last-Modified", "Cache-Control", "Vary", "Expires")


def cache_key(request, version: int) -> str:
    raw = "\n".join([str(version), request.get_full_path(), request.headers.get("Accept", "")])
    return "api-response:" + hashlib.sha256(raw.encode()).hexdigest()


def names_etag(request, etag: str) -> bool:
    """Whether ``If-None-Match`` names ``etag`` (weak comparison; ``*`` never: see caching.not_modified)."""
    header = request.headers.get("If-None-Match")
    if not header:
        return False
    wanted = etag.removeprefix("W/")
    return any(tag.removeprefix("W/") == wanted for tag in parse_etags(header))


class ThrottledRequest:
    """What the API's throttles read of a request: its ``META`` (the client's address) and its ``user``, always
    anonymous (the API authenticates nobody: ``DEFAULT_AUTHENTICATION_CLASSES`` is empty). Half the cost of
    wrapping it in DRF's ``Request``, whose attribute lookups the throttle goes through."""

    __slots__ = ("META", "user")

    def __init__(self, meta):
        self.META = meta
        self.user = None


def throttle_allows(meta) -> bool:
    """The API's throttles, as the view applies them, for a request with this ``META`` (or WSGI environ); a
    refusal is left to the view (its 429)."""
    throttled = ThrottledRequest(meta)
    return all(throttle().allow_request(throttled, None) for throttle in api_settings.DEFAULT_THROTTLE_CLASSES)


class Stored:
    """An answer as kept: status 200, its headers and body."""

    __slots__ = ("body", "headers")

    def __init__(self, response: HttpResponse):
        self.headers = dict(response.items())
        self.body = response.content

    def response(self, request) -> HttpResponse:
        if names_etag(request, self.headers.get("ETag", "")):
            answer = HttpResponseNotModified()
            for name in NOT_MODIFIED_HEADERS:
                if name in self.headers:
                    answer[name] = self.headers[name]
            return answer
        answer = HttpResponse(self.body, status=200)
        for name, value in self.headers.items():
            answer[name] = value
        return answer


def storable(request, response) -> bool:
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and response.has_header("ETag")
        and not response.has_header("Set-Cookie")
        and len(response.content) <= MAX_BODY_BYTES
    )


def records_view(path: str):
    """The URL match of a path whose view serves records under the data's version (``conditional``: the
    resources, not the schema or the docs pages, which need no database), else None."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match if getattr(getattr(match.func, "cls", None), "conditional", False) else None


def negotiated_format(request, match) -> str | None:
    """The format (``json``, ``csv``) the view's content negotiation picks for ``request``, as its ``initial``
    does; None where it would refuse (a ``format`` it does not offer), which the view then answers."""
    view = match.func.cls(**match.func.initkwargs)
    view.action_map = dict(getattr(match.func, "actions", {}) or {})
    view.action_map.setdefault("head", view.action_map.get("get"))
    view.args, view.kwargs = match.args, match.kwargs
    view.headers = {}
    try:
        drf_request = view.initialize_request(request, *match.args, **match.kwargs)
        view.request = drf_request
        view.format_kwarg = view.get_format_suffix(**match.kwargs)
        renderer, _ = view.perform_content_negotiation(drf_request)
    except Exception:  # whatever the view would refuse, it refuses itself, with its own answer
        return None
    return getattr(renderer, "format", "") or ""


def is_conditional(request) -> bool:
    return bool(request.headers.get("If-None-Match") or request.headers.get("If-Modified-Since"))


def not_modified(request, match, version) -> HttpResponseNotModified | None:
    """A 304 when the client's copy (``If-None-Match``, ``If-Modified-Since``) is of the current version, else None."""
    format_name = negotiated_format(request, match)
    if format_name is None:
        return None
    etag, last_modified = caching.validators(version, request.get_full_path(), format_name)
    if not caching.not_modified(request, etag, last_modified) or not throttle_allows(request.META):
        return None
    answer = HttpResponseNotModified()
    caching.add_validator_headers(answer, etag, last_modified)
    # A 304 repeats the 200's Vary (RFC 9110, 15.4.5): Accept, which the validators add. No Cookie: an API
    # GET never reads the session (the history middleware looks at the user on writes only).
    # The version it was given under: the same request again, at that version, may be answered with
    # the same headers in front of Django (axisdb.not_modified_replay).
    answer.public_data_version = version
    return answer


def skip_health_check() -> bool:
    """Mark the request's reused connection as checked; whether it had a check pending (see the caller)."""
    if connection.connection is None or not connection.health_check_enabled or connection.health_check_done:
        return False
    connection.health_check_done = True
    return True


#: SQLSTATEs of a connection the server ended: an operator or a restart (57P01), a crash (57P02), a server
#: starting or stopping (57P03); class 08 is a connection that failed.
ENDED_BY_THE_SERVER = frozenset({"57P01", "57P02", "57P03"})


def connection_lost(error: Exception) -> bool:
    """Whether ``error`` says the connection is gone, not that a statement was refused (a time limit, a lock)."""
    if isinstance(error, InterfaceError):  # used after it was closed
        return True
    state = getattr(error.__cause__, "sqlstate", None)
    if state is None:  # no answer from the server at all: the connection itself failed
        return isinstance(error.__cause__, psycopg.OperationalError)
    return state.startswith("08") or state in ENDED_BY_THE_SERVER


def mark_time_limited() -> None:
    """Note that this connection's session carries the API's time limit (until ``lift_time_limit``)."""
    connection.time_limited_session = connection.connection


def lift_time_limit() -> None:
    """Reset ``statement_timeout`` where an API answer left it on this connection's session (one round trip,
    only then). A connection opened since is a new session, without it."""
    session = getattr(connection, "time_limited_session", None)
    connection.time_limited_session = None
    if session is None or session is not connection.connection:
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")
    except (OperationalError, InterfaceError):
        # The session is gone (the server restarted, the connection was cut), its setting with it. The
        # request goes on: if the database is down, its own first query is answered 503 (axisdb.outage),
        # not this middleware's reset with a 500.
        connection.close()


class ApiRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # The record reads' own chain (axisdb.records_chain), in place of the rest of MIDDLEWARE.
        self.records = RecordsHandler(settings.API_RECORDS_MIDDLEWARE)

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX):
            lift_time_limit()
            return self.get_response(request)
        match = records_view(request.path_info)
        if match is None:  # the schema, the docs: quick reads, which the API's limit may as well bound
            return self.get_response(request)
        request.resolver_match = match
        # A Host not in ALLOWED_HOSTS is a 400 (DisallowedHost) here too, as CommonMiddleware would make it,
        # before anything is answered from the version or from memory.
        request.get_host()
        # Django checks a reused connection with a SELECT 1 before a request's first query (CONN_HEALTH_CHECKS):
        # one round trip of a detail's five. An API answer is the check itself instead: it only reads, so on a
        # connection found lost (the server restarted, the connection was cut) it is read again, once, on a new one.
        unchecked = skip_health_check()
        try:
            try:
                return self.answer_once(request, match)
            except (OperationalError, InterfaceError) as error:
                if not unchecked or not connection_lost(error):
                    raise
                connection.close()
                return self.answer_once(request, match)
        except (OperationalError, InterfaceError) as exc:
            return outage_response(request, exc)

    def answer_once(self, request, match):
        if request.method in ("GET", "HEAD") and is_conditional(request):
            # The version alone decides a 304: read it in one round trip, without setting the time limit.
            current = not_modified(request, match, public_data_version())
            if current is not None:
                return current
        response = self.answer(request, match)
        if response.streaming:  # read after this returns: without the limit
            lift_time_limit()
        return response

    def answer(self, request, match):
        version = public_data_version(statement_timeout_ms=settings.AXISDB_API_STATEMENT_TIMEOUT_MS)
        mark_time_limited()
        request.public_data_version = version
        if request.method != "GET" or not settings.AXISDB_API_RESPONSE_CACHE_ENTRIES:
            return self.compute(request)
        cache = caches["api"]
        key = cache_key(request, version[0])
        stored = cache.get(key)
        if stored is not None and throttle_allows(request.META):
            return stored.response(request)
        response = self.compute(request)
        if storable(request, response):
            cache.set(key, Stored(response))
        return response

    def compute(self, request):
        """The view's answer; its statements prepared (``axisdb.prepared_reads``) where that is safe."""
        if not PREPARED_PARAMETERS.issuperset(request.GET):
            return self.records(request)
        with prepared_reads():
            return self.records(request)
