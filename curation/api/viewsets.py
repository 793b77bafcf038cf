"""The base of every resource: read-only, conditional, validated parameters, paginated, CSV on lists."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Field, GeneratedField, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from curation.history.as_of import shadowed
from curation.registry import registry

from .as_of import requested_moment
from .caching import ConditionalGetMixin
from .csv import CsvFormat, CSVRenderer, stream_csv
from .detail_statement import DetailStatement
from .encoded import JSONRenderer as EncodedJSONRenderer
from .encoded import encoded
from .filters import DETAIL_PARAMETERS, SLUG_REGEX, FilterBackend, check_known_parameters
from .json_sql import RequestLinks
from .serializers import RecordSerializer

#: A detail's statement is kept per origin the site is reached at (scheme, host, script prefix): a
#: handful, unless the allowed hosts take any name; then the oldest are forgotten past this many.
DETAIL_STATEMENTS_PER_VIEW = 16


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

    With ``as_of``, the whole answer (parameters, records, parts, counts) is read from the tables as
    they were at that moment (``curation.history.as_of``), from the checks after the 304 to the end of
    the view; a CSV, streamed after the view, is read the same way.
    """

    http_method_names = ["get", "head", "options"]
    renderer_classes = [EncodedJSONRenderer, CSVRenderer]
    filter_backends = [FilterBackend]
    conditional = True
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX
    keyset_unique_field = "slug"
    selector: Callable[..., QuerySet]  # a staticmethod: the app's public read
    csv_format: CsvFormat
    docs: ResourceDocs
    takes_as_of = True  # for the schema: a detail takes as_of too
    as_of = None  # the moment the answer is as of (None: now)
    _as_of_block = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # The model, for the schema; the records always come from the selector.
        cls.queryset = cls.serializer_class.Meta.model._default_manager.none()
        extend_schema_view(
            list=extend_schema(summary=cls.docs.list_summary, description=cls.docs.list_description),
            retrieve=extend_schema(summary=cls.docs.detail_summary),
        )(cls)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.as_of = requested_moment(request.query_params)
        if self.as_of is not None and request.method in ("GET", "HEAD"):  # OPTIONS reads no records
            self._as_of_block = shadowed(self.as_of)
            self._as_of_block.__enter__()

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        finally:
            if self._as_of_block is not None:
                block, self._as_of_block = self._as_of_block, None
                block.__exit__(None, None, None)

    def parameters(self) -> dict:
        """The list's query parameters, cleaned; a 400 naming each bad or unknown one.

        A detail takes only format and as_of."""
        if self.action != "list":
            check_known_parameters(self.request.query_params, DETAIL_PARAMETERS)
            return {}
        return self.filterset_class.parameters_in(
            self.request.query_params, queryset=self.queryset, request=self.request
        )

    def public_records(self) -> QuerySet:
        parameters = self.parameters()
        parameters.pop("as_of", None)  # read by ``initial``: the tables are already as of it
        records = self.selector(filters=parameters)
        if "updated_since" in parameters:
            model = self.serializer_class.Meta.model
            changed = registry.changed_since(model, parameters["updated_since"], until=self.as_of)
            records = records.filter(pk__in=changed)
        return records

    def for_json(self, queryset):
        return queryset

    def get_queryset(self):
        if self.represented_in_sql():
            return self.in_sql(self.public_records())
        queryset = self.for_json(self.public_records())
        for contribution in registry.api_contributions(self.serializer_class):
            if contribution.prepare is not None:
                queryset = contribution.prepare(queryset)
        # Columns PostgreSQL computes for searching and filtering (the full-text vector, the period's
        # range) are never shown: the fields they are computed from are. The vector alone is longer than
        # the rest of an event's row, read and decoded for nothing.
        generated = [field.name for field in queryset.model._meta.concrete_fields if isinstance(field, GeneratedField)]
        return queryset.defer(*generated) if generated else queryset

    @classmethod
    def represented_in_sql(cls) -> bool:
        """Whether PostgreSQL builds this resource's JSON (``RecordSerializer.in_sql``)."""
        serializer = cls.serializer_class
        return issubclass(serializer, RecordSerializer) and serializer.in_sql()

    def in_sql(self, records: QuerySet) -> QuerySet:
        """``records`` with each one's representation built by PostgreSQL (``curation.api.json_sql``), as
        ``representation``; of their own values only what the page's cursor or the detail's lookup reads."""
        representation, params = self.serializer_class.json_sql(
            records.model._meta.db_table, RequestLinks(self.request)
        ).expression()
        records = records.annotate(representation=RawSQL(representation, params, output_field=Field()))
        if self.action == "list":  # rows, not records: the cursor reads their values (KeysetCursorPagination)
            ordering = [name for name, _, _ in self.paginator.ordering(records, self)]
            return records.values(*dict.fromkeys(ordering), "representation")
        return records.only(self.lookup_field)

    def get_object(self):
        """The record the URL names: through its statement compiled once (``curation.api.detail_statement``),
        unless the answer is as of a past moment (tables shadowed per request) or the queryset needs the ORM."""
        if self.as_of is not None:
            return super().get_object()
        cls = type(self)
        statements = cls.__dict__.get("_detail_statements")
        if statements is None:
            statements = cls._detail_statements = {}
        # A representation built in SQL holds the request's links: its statement is its origin's.
        origin = RequestLinks(self.request).origin if self.represented_in_sql() else ""
        statement = statements.get(origin, False)
        if statement is False:
            if len(statements) >= DETAIL_STATEMENTS_PER_VIEW:
                statements.pop(next(iter(statements)))
            statement = statements[origin] = DetailStatement.of(self.get_queryset(), self.lookup_field)
        if statement is None:
            return super().get_object()
        self.parameters()  # a 400 for a parameter a detail does not take, as get_queryset gives
        records = statement.records(self.kwargs[self.lookup_url_kwarg or self.lookup_field])
        if not records:  # as get_object_or_404 says it
            raise Http404(f"No {statement.model._meta.object_name} matches the given query.")
        if len(records) > 1:
            raise statement.model.MultipleObjectsReturned(f"more than one record with this {self.lookup_field}")
        self.check_object_permissions(self.request, records[0])
        return records[0]

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.action != "list":
            renderers = [renderer for renderer in renderers if not isinstance(renderer, CSVRenderer)]
        return renderers

    def list(self, request, *args, **kwargs):
        if isinstance(request.accepted_renderer, CSVRenderer):
            # The whole filtered set, not a page; the paging parameters are still checked.
            self.paginator.read_parameters(request)
            within = None if self.as_of is None else (lambda: shadowed(self.as_of))
            return stream_csv(self.public_records(), self.csv_format, within=within)
        page = self.paginate_queryset(self.get_queryset())
        if self.represented_in_sql():
            return self.get_paginated_response(encoded([row["representation"] for row in page]))
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)

    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        if self.represented_in_sql():
            return Response(encoded(record.representation))
        return Response(self.get_serializer(record).data)
