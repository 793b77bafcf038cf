"""HTTP caching: ETag and Last-Modified from the public data's version, and 304s.

The version (``curation.public_version``) moves only when what a reader can see
changes: a published row added, changed or deleted, a record published or
returned to draft. Editing a draft leaves it, so the validators never show
unpublished work happening. Reading it is one query of one row; nothing is
rendered to compute it.

The ETag hashes that version with the request's path, query and negotiated
format; Last-Modified is the time the version last moved.
"""

import hashlib

from django.conf import settings
from django.http import HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe
from rest_framework.exceptions import APIException

from curation.public_version import public_data_version


def not_modified(request, etag: str, last_modified) -> bool:
    """Whether the client's copy is current (RFC 9110: If-None-Match wins over If-Modified-Since)."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        # "*" is not answered with a 304: whether the resource exists is only known later
        # (a 404 must stay a 404), and a full answer is always correct.
        wanted = etag.removeprefix("W/")
        return any(tag.removeprefix("W/") == wanted for tag in parse_etags(if_none_match))
    if_modified_since = request.headers.get("If-Modified-Since")
    if if_modified_since and last_modified is not None:
        since = parse_http_date_safe(if_modified_since)
        return since is not None and int(last_modified.timestamp()) <= since
    return False


def validators(version: tuple, full_path: str, format_name: str) -> tuple[str, object]:
    """``(ETag, Last-Modified)`` of a representation: the data's ``(version, changed_at)``, the path with its query
    and the negotiated format (``json``, ``csv``)."""
    number, last_modified = version
    key = "|".join([str(number), full_path, format_name or ""])
    return f'W/"{hashlib.sha256(key.encode()).hexdigest()[:32]}"', last_modified


def add_validator_headers(response, etag: str, last_modified) -> None:
    """ETag, Last-Modified, Cache-Control and Vary, as on every conditional answer (200 or 304)."""
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    patch_cache_control(response, public=True, max_age=settings.AXISDB_API_CACHE_MAX_AGE)
    patch_vary_headers(response, ["Accept"])


class NotModified(APIException):
    status_code = 304


def not_modified_response() -> HttpResponseNotModified:
    return HttpResponseNotModified()


class ConditionalGetMixin:
    """ETag, Last-Modified and Cache-Control on GET and HEAD; 304 when the client's copy is current.

    The check runs after throttling and before the handler, so a 304 costs one query: the
    version, read once per request (``axisdb.api_requests``).
    """

    validators = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.validators = None
        if request.method in ("GET", "HEAD"):
            # Read once per request by the API's front door (axisdb.api_requests), with the time limit.
            version = getattr(request, "public_data_version", None) or public_data_version()
            renderer = getattr(request, "accepted_renderer", None)
            self.validators = validators(version, request.get_full_path(), getattr(renderer, "format", "") or "")
            if not_modified(request, *self.validators):
                raise NotModified()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.validators and response.status_code in (200, 304):
            add_validator_headers(response, *self.validators)
        return response
