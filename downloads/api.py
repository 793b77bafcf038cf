"""``/api/download/``: the whole public data set as one zip, streamed while the database is read."""

import json

from django.db import connection, transaction
from django.http import StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from curation.api.caching import ConditionalGetMixin
from curation.api.csv import csv_lines
from curation.api.filters import check_known_parameters
from curation.api.viewsets import ReadOnlyMixin

from .archive import zip_stream
from .datapackage import datapackage
from .files import FILES

LINES_PER_CHUNK = 500


def csv_chunks(download_file):
    """The file's CSV text, encoded, a few hundred lines at a time (read with a server-side cursor)."""
    lines = []
    for line in csv_lines(download_file.records(), download_file.csv_format):
        lines.append(line)
        if len(lines) >= LINES_PER_CHUNK:
            yield "".join(lines).encode()
            lines = []
    yield "".join(lines).encode()


def download_entries(*, api_url: str, when, version: str | None = None):
    descriptor = datapackage(api_url=api_url, created=when.isoformat(), version=version)
    yield "datapackage.json", [json.dumps(descriptor, indent=2, ensure_ascii=False).encode() + b"\n"]
    for download_file in FILES:
        yield download_file.csv_format.filename, csv_chunks(download_file)


def streamed_in_one_snapshot(chunks):
    """Every file read in one transaction (repeatable read): the files agree with each other."""
    outermost = not connection.in_atomic_block  # inside another transaction (a test's), that one decides
    with transaction.atomic():
        if outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield from chunks


class DownloadView(ReadOnlyMixin, ConditionalGetMixin, APIView):
    http_method_names = ["get", "head", "options"]
    conditional = True

    @extend_schema(
        operation_id="download",
        summary="The whole public data set, as one zip",
        description="A zip of one CSV file per record type in the fixture format (states, events, relationships, "
        "sources, claims, citations: only published records, as the lists show them) and datapackage.json, "
        "a Frictionless Data Package describing every column. Streamed; takes no parameters.",
        parameters=[],
        responses={(200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY, description="The zip.")},
    )
    def get(self, request, *args, **kwargs):
        check_known_parameters(request.query_params, ())
        when = timezone.now().replace(microsecond=0)
        entries = download_entries(api_url=reverse("api:root", request=request), when=when)
        response = StreamingHttpResponse(
            streamed_in_one_snapshot(zip_stream(entries, when=when)), content_type="application/zip"
        )
        response["Content-Disposition"] = f'attachment; filename="axisdb-{when:%Y-%m-%d}.zip"'
        return response
