"""Refuse a request with too many query parameters before anything parses them.

Django parses a query string only when something reads ``request.GET``, and
refuses more than DATA_UPLOAD_MAX_NUMBER_FIELDS fields only then, with an HTML
400 (a long debug page with DEBUG on). 5,000 parameters cost seconds of CPU on
the way. No page of this site takes more than a few dozen, so the fields are
counted here, first, from the raw query string: more than
AXISDB_MAX_QUERY_PARAMETERS is a 400, in JSON under ``/api/`` (like every API
error: ``{"query_string": ["..."]}``), in plain text elsewhere.
"""

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse

API_PREFIX = "/api/"


def query_field_count(query_string: str) -> int:
    """The fields of ``query_string`` as Python's parse_qsl counts them for its limit (empty ones too)."""
    return query_string.count("&") + 1 if query_string else 0


class QueryParameterLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.AXISDB_MAX_QUERY_PARAMETERS
        count = query_field_count(request.META.get("QUERY_STRING", ""))
        if count > limit:
            message = f"Too many query parameters: {count}; at most {limit} are accepted."
            if request.path_info.startswith(API_PREFIX):
                return JsonResponse({"query_string": [message]}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
