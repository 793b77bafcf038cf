"""The API root: a link to every resource and to the documentation."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from .viewsets import ReadOnlyMixin

RESOURCES = ("states", "events", "relationships", "claims", "sources")
DOCS = {"schema": "api:schema", "docs": "api:docs", "redoc": "api:redoc"}
VIEW_NAMES = {
    "states": "api:state-list",
    "events": "api:event-list",
    "relationships": "api:relationship-list",
    "claims": "api:claim-list",
    "sources": "api:source-list",
}


class RootSerializer(serializers.Serializer):
    states = serializers.URLField(help_text="Countries, by ISO 3166-1 alpha-3 code.")
    events = serializers.URLField(help_text="Things that happened, with participants and claim counts.")
    relationships = serializers.URLField(help_text="Standing ties between two states.")
    claims = serializers.URLField(help_text="Attributed assertions, with their citations.")
    sources = serializers.URLField(help_text="Documents cited by claims.")
    schema = serializers.URLField(help_text="This API's OpenAPI 3 schema.")
    docs = serializers.URLField(help_text="Swagger UI.")
    redoc = serializers.URLField(help_text="Redoc.")

    class Meta:
        ref_name = "ApiRoot"


class ApiRootView(ReadOnlyMixin, APIView):
    """Links to every resource of the read-only API and to its documentation."""

    http_method_names = ["get", "head", "options"]

    @extend_schema(responses=RootSerializer, operation_id="api_root")
    def get(self, request, *args, **kwargs):
        links = {name: reverse(view_name, request=request) for name, view_name in VIEW_NAMES.items()}
        links.update({name: reverse(view_name, request=request) for name, view_name in DOCS.items()})
        return Response(links)
