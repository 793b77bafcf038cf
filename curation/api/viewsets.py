"""The base of every resource: read-only, conditional, validated parameters, paginated, CSV on lists."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.renderers import JSONRenderer

from curation.registry import registry

from .caching import ConditionalGetMixin
from .csv import CsvFormat, CSVRenderer, stream_csv
from .filters import DETAIL_PARAMETERS, SLUG_REGEX, FilterBackend, check_known_parameters


@dataclass(frozen=True)
class ResourceDocs:
    """What the OpenAPI schema says of a resource's two operations."""

    list_summary: str
    list_description: str
    detail_summary: str


class ReadOnlyMixin:
    """Anything but GET, HEAD and OPTIONS is a 405, before any other check runs.

    OPTIONS answers in JSON, whatever the view renders (the docs pages render HTML).
    """

    def initial(self, request, *args, **kwargs):
        if request.method not in self.allowed_methods or request.method.lower() not in self.http_method_names:
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)

    def options(self, request, *args, **kwargs):
        response = super().options(request, *args, **kwargs)
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type
        return response


class ResourceViewSet(ReadOnlyMixin, ConditionalGetMixin, viewsets.ReadOnlyModelViewSet):
    """List and detail of one kind of record, addressed by its natural key.

    A subclass names its ``selector`` (the app's public read: what a reader may
    see, filtered and ordered by the cleaned parameters of ``filterset_class``),
    ``serializer_class``, ``csv_format``, ``docs``, and ``for_json`` when its
    serializer reads related rows (joins and prefetches; CSV does without). What
    other apps contribute to the representation (``curation.registry``) is
    prepared after ``for_json``. Records are addressed by their ``slug`` unless
    ``lookup_field``, ``lookup_value_regex`` and ``keyset_unique_field`` say otherwise.
    """

    http_method_names = ["get", "head", "options"]
    renderer_classes = [JSONRenderer, CSVRenderer]
    filter_backends = [FilterBackend]
    conditional = True
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX
    keyset_unique_field = "slug"
    selector: Callable[..., QuerySet]  # a staticmethod: the app's public read
    csv_format: CsvFormat
    docs: ResourceDocs

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # The model, for the schema; the records always come from the selector.
        cls.queryset = cls.serializer_class.Meta.model._default_manager.none()
        extend_schema_view(
            list=extend_schema(summary=cls.docs.list_summary, description=cls.docs.list_description),
            retrieve=extend_schema(summary=cls.docs.detail_summary),
        )(cls)

    def parameters(self) -> dict:
        """The list's query parameters, cleaned; a 400 naming each bad or unknown one. A detail takes only format."""
        if self.action != "list":
            check_known_parameters(self.request.query_params, DETAIL_PARAMETERS)
            return {}
        parameters = self.filterset_class(data=self.request.query_params, queryset=self.queryset, request=self.request)
        return parameters.cleaned()

    def public_records(self) -> QuerySet:
        parameters = self.parameters()
        records = self.selector(filters=parameters)
        if "updated_since" in parameters:
            model = self.serializer_class.Meta.model
            records = records.filter(pk__in=registry.changed_since(model, parameters["updated_since"]))
        return records

    def for_json(self, queryset):
        return queryset

    def get_queryset(self):
        queryset = self.for_json(self.public_records())
        for contribution in registry.api_contributions(self.serializer_class):
            if contribution.prepare is not None:
                queryset = contribution.prepare(queryset)
        return queryset

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.action != "list":
            renderers = [renderer for renderer in renderers if not isinstance(renderer, CSVRenderer)]
        return renderers

    def list(self, request, *args, **kwargs):
        if isinstance(request.accepted_renderer, CSVRenderer):
            # The whole filtered set, not a page; the paging parameters are still checked.
            self.paginator.read_parameters(request)
            return stream_csv(self.public_records(), self.csv_format)
        page = self.paginate_queryset(self.get_queryset())
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)
