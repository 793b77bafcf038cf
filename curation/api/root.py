"""The API root: a link to every resource and to the documentation, and what the apps say about the data."""

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from .caching import ConditionalGetMixin
from .viewsets import ReadOnlyMixin

#: ``{name: (serializer field, value(request))}``: what the root states besides its links.
About = dict[str, tuple[serializers.Field, Callable[[Any], Any]]]


def api_root_view(links: dict[str, tuple[str, str]], about: About | None = None) -> type[APIView]:
    """The root view listing ``links``: ``{name: (URL name, what it is)}``, in that order, then ``about``.

    The root is conditional, like the lists (``about`` may read the data), so the API's front door runs it
    under the statements' time limit, and its ETag follows the data's version.
    """
    about = about or {}
    root_serializer = type(
        "RootSerializer",
        (serializers.Serializer,),
        {
            **{name: serializers.URLField(help_text=help_text) for name, (_, help_text) in links.items()},
            **{name: field for name, (field, _) in about.items()},
            "Meta": type("Meta", (), {"ref_name": "ApiRoot"}),
        },
    )

    class ApiRootView(ReadOnlyMixin, ConditionalGetMixin, APIView):
        """Links to every resource of the read-only API and to its documentation."""

        http_method_names = ["get", "head", "options"]
        conditional = True

        @extend_schema(
            responses=root_serializer,
            operation_id="api_root",
            description="Links to every resource of the read-only API and to its documentation"
            + (", and " + ", ".join(about) if about else "")
            + ".",
        )
        def get(self, request, *args, **kwargs):
            answer = {name: reverse(url_name, request=request) for name, (url_name, _) in links.items()}
            answer.update({name: value(request) for name, (_, value) in about.items()})
            return Response(answer)

    return ApiRootView
