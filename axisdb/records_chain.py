"""The API's record reads through a shorter middleware chain of their own (``API_RECORDS_MIDDLEWARE``).

``MIDDLEWARE`` serves the whole site: the admin's sessions, CSRF checks, users and messages, the
login lockout, the history of writes. An API record read (a list or detail of a resource: GET, HEAD
or OPTIONS, anonymous, no cookie read) uses none of them, yet crossed each one: at 300,000 events
a fifth of an uncached detail's time in Python (130 of 610 us, issue 15). ``ApiRequestMiddleware``
hands such a request to this chain instead of the rest of ``MIDDLEWARE``: the middleware that
shapes its answer (``Content-Length``, ``X-Frame-Options``, ``Content-Security-Policy``, a 503 for a
database that cannot answer), then Django's own view handling (``BaseHandler._get_response``: view
middleware, the view, template responses, exceptions), with the URL match already made.

A test sends the same requests through both chains and compares the answers, header by header.
"""

from __future__ import annotations

from django.core.handlers.base import BaseHandler
from django.core.handlers.exception import convert_exception_to_response
from django.utils.module_loading import import_string


class RecordsHandler(BaseHandler):
    """Django's handler over ``middleware`` (dotted paths, outermost first), for synchronous requests
    already resolved (``request.resolver_match``)."""

    def __init__(self, middleware: list[str]):
        # As BaseHandler.load_middleware does, for this list instead of settings.MIDDLEWARE (which it
        # always reads), and synchronous only, as the site is served (WSGI).
        self._view_middleware = []
        self._template_response_middleware = []
        self._exception_middleware = []
        handler = convert_exception_to_response(self._get_response)
        for path in reversed(middleware):
            instance = import_string(path)(handler)
            if hasattr(instance, "process_view"):
                self._view_middleware.insert(0, instance.process_view)
            if hasattr(instance, "process_template_response"):
                self._template_response_middleware.append(instance.process_template_response)
            if hasattr(instance, "process_exception"):
                self._exception_middleware.append(instance.process_exception)
            handler = convert_exception_to_response(instance)
        self._middleware_chain = handler

    def __call__(self, request):
        return self._middleware_chain(request)

    def resolve_request(self, request):
        # Resolved once, by ApiRequestMiddleware (the full handler resolves before the view as well).
        return request.resolver_match
