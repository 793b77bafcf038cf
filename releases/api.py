"""``/api/releases/``: the numbered releases, each downloadable again byte for byte.

Like the lists, these views are conditional, so the API's front door
(``axisdb.api_requests``) runs them in one transaction under the statements' time
limit; a finished release moves the data's version (``apps.py``), so no ETag
outlives a new release.
"""

import logging

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from curation.api.caching import ConditionalGetMixin
from curation.api.filters import check_known_parameters
from curation.api.viewsets import ReadOnlyMixin

from .citation import data_license, how_to_cite
from .models import Release
from .services import release_path

logger = logging.getLogger(__name__)

VERSION_PATTERN = r"[0-9]+(?:\.[0-9]+){0,2}"
WORDS = ("added", "changed", "withdrawn")
VERSION_PARAMETER = OpenApiParameter(
    "version",
    {"type": "string", "pattern": f"^{VERSION_PATTERN}$"},
    OpenApiParameter.PATH,
    description="The release's number, e.g. 1.2.",
)


class ChangelogSerializer(serializers.Serializer):
    previous_release = serializers.CharField(allow_null=True, help_text="The release before it; null for the first.")
    added = serializers.IntegerField(help_text="Records public in this release and not in the previous one.")
    changed = serializers.IntegerField(help_text="Records whose public representation changed.")
    withdrawn = serializers.IntegerField(help_text="Records no longer public (unpublished, retracted or deleted).")

    class Meta:
        ref_name = "ReleaseChangelog"


class ReleaseSerializer(serializers.Serializer):
    version = serializers.CharField(help_text="The release's number.")
    released_at = serializers.DateTimeField(help_text="The moment of the data it holds.")
    size = serializers.IntegerField(help_text="The zip's size in bytes.")
    sha256 = serializers.CharField(help_text="The zip's SHA-256 digest.")
    checksums = serializers.DictField(
        child=serializers.CharField(), help_text="The SHA-256 of each file in the zip (also its SHA256SUMS file)."
    )
    changelog = ChangelogSerializer(help_text="Counts; the zip's CHANGELOG.json names every record.")
    download_url = serializers.CharField(help_text="The zip, the same bytes every time.")
    api_url = serializers.CharField(help_text="This release in the API.")

    class Meta:
        ref_name = "Release"


class ReleaseListSerializer(serializers.Serializer):
    current = serializers.CharField(allow_null=True, help_text="The latest release's number; null before the first.")
    license = serializers.CharField(help_text='The data\'s licence (an SPDX id), or "not yet chosen".')
    how_to_cite = serializers.CharField()
    results = ReleaseSerializer(many=True, help_text="Every release, latest first.")

    class Meta:
        ref_name = "Releases"


def represent(request, release: Release) -> dict:
    return {
        "version": release.version,
        "released_at": release.snapshot_at,
        "size": release.size,
        "sha256": release.sha256,
        "checksums": release.checksums,
        "changelog": {
            "previous_release": release.changelog.get("previous_release"),
            **{word: len(release.changelog.get(word, ())) for word in WORDS},
        },
        "download_url": reverse("api:release-download", kwargs={"version": release.version}, request=request),
        "api_url": reverse("api:release-detail", kwargs={"version": release.version}, request=request),
    }


def finished_release(version: str) -> Release:
    release = Release.objects.finished().filter(version=version).first()
    if release is None:
        raise Http404("No release has this number.")
    return release


class ReleaseView(ReadOnlyMixin, ConditionalGetMixin, APIView):
    http_method_names = ["get", "head", "options"]
    conditional = True


class ReleaseListView(ReleaseView):
    @extend_schema(
        operation_id="releases_list",
        summary="The numbered releases of the public data",
        description="Every release, latest first: its number, moment, zip digest and size, the digest of each "
        "file in it, and how many records were added, changed and withdrawn since the previous one; with the "
        "current release, the data's licence and how to cite it. Takes no parameters.",
        parameters=[],
        responses=ReleaseListSerializer,
    )
    def get(self, request, *args, **kwargs):
        check_known_parameters(request.query_params, ())
        releases = list(Release.objects.finished().latest_first())
        current = releases[0] if releases else None
        return Response(
            {
                "current": current.version if current else None,
                "license": data_license(),
                "how_to_cite": how_to_cite(current),
                "results": [represent(request, release) for release in releases],
            }
        )


class ReleaseDetailView(ReleaseView):
    @extend_schema(
        operation_id="releases_retrieve",
        summary="One release",
        parameters=[VERSION_PARAMETER],
        responses=ReleaseSerializer,
    )
    def get(self, request, version, *args, **kwargs):
        check_known_parameters(request.query_params, ())
        return Response(represent(request, finished_release(version)))


class ReleaseDownloadView(ReleaseView):
    @extend_schema(
        operation_id="releases_download",
        summary="A release's zip, byte for byte as it was cut",
        description="The zip written when the release was cut: the CSV files and datapackage.json as "
        "/api/download/ gave them then, CHANGELOG.json, CITATION.cff and SHA256SUMS. Its SHA-256 is the "
        "release's sha256.",
        parameters=[],
        responses={(200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY, description="The zip.")},
    )
    def get(self, request, version, *args, **kwargs):
        check_known_parameters(request.query_params, ())
        release = finished_release(version)
        try:
            stream = release_path(release).open("rb")
        except FileNotFoundError:
            # The row outlived its file (a restore without the releases folder, a cleaned disk): the
            # reader gets a clear 404, the operators an error in the log, never a 500.
            logger.error("Release %s: its file %s is missing", release.version, release_path(release))
            raise Http404(f"The file of release {release.version} is missing on this server.") from None
        response = FileResponse(
            stream,
            content_type="application/zip",
            as_attachment=True,
            filename=release.file_name,
        )
        return response


def current_release(request) -> Release | None:
    """The latest finished release, read once per request."""
    if not hasattr(request, "_current_release"):
        request._current_release = Release.objects.finished().latest_first().first()
    return request._current_release


def root_about() -> dict:
    """What the API root states about the data: its current release, its licence, how to cite it."""
    return {
        "current_release": (
            serializers.CharField(allow_null=True, help_text="The latest release's number; null before the first."),
            lambda request: getattr(current_release(request), "version", None),
        ),
        "license": (
            serializers.CharField(help_text='The data\'s licence (AXISDB_DATA_LICENSE), or "not yet chosen".'),
            lambda request: data_license(),
        ),
        "how_to_cite": (
            serializers.CharField(help_text="How to cite the data: its current release."),
            lambda request: how_to_cite(current_release(request)),
        ),
    }
