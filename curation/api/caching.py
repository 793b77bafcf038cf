"""HTTP caching: ETag and Last-Modified from the data's last change, and 304s.

The data's version is read from the history tables that django-pghistory's
triggers fill on every insert, update and delete of a state, event, participant,
relationship, source, claim, claim-state link or citation: the newest history
row of each table (one indexed ``ORDER BY pgh_id DESC LIMIT 1`` per table, all
in one query). Publishing, unpublishing, editing or deleting any record adds a
row, so the version changes; nothing is rendered to compute it.

The ETag hashes that version with the request's path, query and negotiated
format; Last-Modified is the time of the newest history row.
"""

import hashlib
from functools import cache

from django.conf import settings
from django.db import connection
from django.http import HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe
from rest_framework.exceptions import APIException

from curation.registry import registry


@cache
def history_tables() -> tuple[str, ...]:
    """The history tables of the public models (``curation.registry``): they version the API's data."""
    return tuple(
        sorted({event_model._meta.db_table for model in registry.public_models() for event_model in history_of(model)})
    )


def history_of(model) -> set:
    return set(getattr(model, "pgh_event_models", {}).values())


def data_version():
    """``(version, last_modified)`` of everything the API shows, in one query."""
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(
        f"(SELECT %s, pgh_id, pgh_created_at FROM {quote(table)} ORDER BY pgh_id DESC LIMIT 1)"
        for table in history_tables()
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(history_tables()))
        rows = sorted(cursor.fetchall())
    version = ";".join(f"{table}:{pgh_id}" for table, pgh_id, _ in rows)
    last_modified = max((created for _, _, created in rows), default=None)
    return version, last_modified


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


class NotModified(APIException):
    status_code = 304


def not_modified_response() -> HttpResponseNotModified:
    return HttpResponseNotModified()


class ConditionalGetMixin:
    """ETag, Last-Modified and Cache-Control on GET and HEAD; 304 when the client's copy is current.

    The check runs after throttling and before the handler, so a 304 costs one query.
    """

    validators = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.validators = None
        if request.method in ("GET", "HEAD"):
            version, last_modified = data_version()
            renderer = getattr(request, "accepted_renderer", None)
            key = "|".join([version, request.get_full_path(), getattr(renderer, "format", "") or ""])
            etag = f'W/"{hashlib.sha256(key.encode()).hexdigest()[:32]}"'
            self.validators = (etag, last_modified)
            if not_modified(request, etag, last_modified):
                raise NotModified()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.validators and response.status_code in (200, 304):
            etag, last_modified = self.validators
            response["ETag"] = etag
            if last_modified is not None:
                response["Last-Modified"] = http_date(last_modified.timestamp())
            patch_cache_control(response, public=True, max_age=settings.AXISDB_API_CACHE_MAX_AGE)
            patch_vary_headers(response, ["Accept"])
        return response
