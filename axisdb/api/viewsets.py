"""The base of every resource: read-only, conditional, filterable, paginated, CSV on lists."""

from rest_framework import viewsets
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.renderers import JSONRenderer

from .caching import ConditionalGetMixin
from .csv import CsvFormat, CSVRenderer, stream_csv


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

    Subclasses give ``records`` (the published records, in their default order),
    ``for_json`` (what the serializer reads, joined, prefetched or annotated; CSV
    does without it), ``serializer_class``,
    ``filterset_class``, ``lookup_field``/``lookup_value_regex``,
    ``keyset_unique_field`` and ``csv_format``.
    """

    http_method_names = ["get", "head", "options"]
    renderer_classes = [JSONRenderer, CSVRenderer]
    conditional = True
    keyset_unique_field = "slug"
    csv_format: CsvFormat

    def records(self):
        raise NotImplementedError

    def for_json(self, queryset):
        return queryset

    def get_queryset(self):
        return self.for_json(self.records())

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.action != "list":
            renderers = [renderer for renderer in renderers if not isinstance(renderer, CSVRenderer)]
        return renderers

    def list(self, request, *args, **kwargs):
        if isinstance(request.accepted_renderer, CSVRenderer):
            # The whole filtered set, not a page; the paging parameters are still checked.
            self.paginator.read_parameters(request)
            return stream_csv(self.filter_queryset(self.records()), self.csv_format)
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)
