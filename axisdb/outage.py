"""A database that cannot answer is a 503, never a 500 or a traceback page.

When the database is down, unreachable, or a statement runs past the API's
time limit (``AXISDB_API_STATEMENT_TIMEOUT_MS``, see ``curation.api.viewsets``),
the API answers ``503`` in JSON (``{"detail": "..."}``) and every other page a
short plain page, both with ``Retry-After``. ``DatabaseOutageMiddleware`` catches
what a view raises (with DEBUG on too); ``HistoryMiddleware`` what pghistory's
middleware raises when it reads the session's user before the view;
``handler500`` (``axisdb.urls``) anything else a middleware raises, with DEBUG
off. ``/healthz`` answers on its own.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from pghistory.middleware import HistoryMiddleware as PghistoryMiddleware

from axisdb.request_limits import API_PREFIX

#: Seconds a client is asked to wait before trying again.
RETRY_AFTER_SECONDS = 30

UNAVAILABLE = "The database is unavailable; please try again in a minute."
TOO_SLOW = "This request took too long and was stopped; narrow it down (filters, page_size) or try again later."

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Service unavailable | axisdb</title></head>
<body><h1>Service unavailable</h1><p>{message}</p></body></html>
"""


def is_outage(exc: BaseException | None) -> bool:
    return isinstance(exc, OperationalError | InterfaceError)


def _timed_out(exc: BaseException) -> bool:
    from psycopg.errors import QueryCanceled

    return isinstance(exc.__cause__, QueryCanceled)


def outage_response(request, exc: BaseException) -> HttpResponse:
    message = TOO_SLOW if _timed_out(exc) else UNAVAILABLE
    if request.path_info.startswith(API_PREFIX):
        response = JsonResponse({"detail": message}, status=503)
    else:
        response = HttpResponse(PAGE.format(message=message), status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exc):
        if is_outage(exc):
            return outage_response(request, exc)
        return None


class HistoryMiddleware(PghistoryMiddleware):
    """pghistory's middleware (the request's user and URL on every change it causes), whose reading
    of the user from the session before the view is a 503 too when the database cannot answer."""

    def __call__(self, request):
        try:
            return super().__call__(request)
        except (OperationalError, InterfaceError) as exc:
            return outage_response(request, exc)


def server_error(request, *args, **kwargs):
    """Django's 500 page, unless the error was the database's: then the 503 above."""
    from django.views.defaults import server_error as default_server_error

    exc = sys.exc_info()[1]
    if is_outage(exc):
        return outage_response(request, exc)
    return default_server_error(request, *args, **kwargs)
