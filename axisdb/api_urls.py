"""URLs of the read-only API, mounted at /api/ by ``axisdb/urls.py``: each app's resources, the root, the docs.

Every URL under /api/ that names no resource is a JSON 404.
"""

from django.http import JsonResponse
from django.urls import include, path, re_path
from rest_framework.routers import SimpleRouter

from changes.api import ChangesView
from curation.api.docs import RedocView, SchemaView, SwaggerView
from curation.api.root import api_root_view
from downloads.api import DownloadView
from events.api.views import EventViewSet, RelationshipViewSet, StateViewSet
from releases.api import VERSION_PATTERN, ReleaseDetailView, ReleaseDownloadView, ReleaseListView, root_about
from search.api import SearchView
from sources.api.citations import CitationViewSet
from sources.api.views import ClaimViewSet, SourceViewSet

app_name = "api"

router = SimpleRouter()
router.register("states", StateViewSet, basename="state")
router.register("events", EventViewSet, basename="event")
router.register("relationships", RelationshipViewSet, basename="relationship")
router.register("claims", ClaimViewSet, basename="claim")
router.register("sources", SourceViewSet, basename="source")
router.register("citations", CitationViewSet, basename="citation")

ApiRootView = api_root_view(
    {
        "states": ("api:state-list", "Countries, by ISO 3166-1 alpha-3 code."),
        "events": ("api:event-list", "Things that happened, with participants and claim counts."),
        "relationships": ("api:relationship-list", "Standing ties between two states."),
        "claims": ("api:claim-list", "Attributed assertions, with their citations."),
        "sources": ("api:source-list", "Documents cited by claims."),
        "citations": ("api:citation-list", "Each claim's citations: source, verbatim quote, locator."),
        "changes": ("api:changes", "What changed since a moment (?since=2025-01-01T00:00:00Z), to keep a copy."),
        "search": ("api:search", "One search across states, events, relationships, claims and sources (?q=DPRK)."),
        "releases": ("api:release-list", "Numbered, frozen releases of the data, each downloadable byte for byte."),
        "download": ("api:download", "The whole public data set as one zip of CSV files with datapackage.json."),
        "schema": ("api:schema", "This API's OpenAPI 3 schema."),
        "docs": ("api:docs", "Swagger UI."),
        "redoc": ("api:redoc", "Redoc."),
    },
    about=root_about(),
)


def not_found(request, *args, **kwargs):
    return JsonResponse({"detail": "Not found: this URL names no resource of the API."}, status=404)


urlpatterns = [
    # The resources first (their reads are the most frequent requests); no other path here starts as theirs do.
    path("", include(router.urls)),
    path("", ApiRootView.as_view(), name="root"),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("changes/", ChangesView.as_view(), name="changes"),
    path("download/", DownloadView.as_view(), name="download"),
    path("search/", SearchView.as_view(), name="search"),
    path("releases/", ReleaseListView.as_view(), name="release-list"),
    re_path(rf"^releases/(?P<version>{VERSION_PATTERN})/$", ReleaseDetailView.as_view(), name="release-detail"),
    re_path(
        rf"^releases/(?P<version>{VERSION_PATTERN})/download/$", ReleaseDownloadView.as_view(), name="release-download"
    ),
    path("docs/", SwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", RedocView.as_view(url_name="api:schema"), name="redoc"),
    re_path(r"^[\s\S]*/$", not_found),
]
