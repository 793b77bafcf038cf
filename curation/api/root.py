"""The API root: a link to every resource and to the documentation."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from .viewsets import ReadOnlyMixin


def api_root_view(links: dict[str, tuple[str, str]]) -> type[APIView]:
    """The root view listing ``links``: ``{name: (URL name, what it is)}``, in that order."""
    root_serializer = type(
        "RootSerializer",
        (serializers.Serializer,),
        {
            **{name: serializers.URLField(help_text=help_text) for name, (_, help_text) in links.items()},
            "Meta": type("Meta", (), {"ref_name": "ApiRoot"}),
        },
    )

    class ApiRootView(ReadOnlyMixin, APIView):
        """Links to every resource of the read-only API and to its documentation."""

        http_method_names = ["get", "head", "options"]

        @extend_schema(
            responses=root_serializer,
            operation_id="api_root",
            description="Links to every resource of the read-only API and to its documentation.",
        )
        def get(self, request, *args, **kwargs):
            return Response({name: reverse(url_name, request=request) for name, (url_name, _) in links.items()})

    return ApiRootView
