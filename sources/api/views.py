"""Claims and sources: list and detail, of what ``sources.selectors`` lets a reader see."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view

from curation.api.filters import SLUG_REGEX
from curation.api.viewsets import ResourceViewSet
from events.models import State

from ..models import Citation, Claim, Source
from ..selectors import claim_list_public, source_list_public
from .filters import ClaimFilterSet, SourceFilterSet
from .serializers import CLAIM_CSV, SOURCE_CSV, ClaimSerializer, SourceSerializer


@extend_schema_view(
    list=extend_schema(
        summary="List published claims",
        description="Attributed assertions with their subject, stance, assessment, credibility, quantity and "
        "citations (source, quote, locator). Only published claims about published subjects; only citations "
        "of published sources.",
    ),
    retrieve=extend_schema(summary="One published claim, by key"),
)
class ClaimViewSet(ResourceViewSet):
    selector = staticmethod(claim_list_public)
    serializer_class = ClaimSerializer
    filterset_class = ClaimFilterSet
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX
    csv_format = CLAIM_CSV
    queryset = Claim.objects.none()

    def for_json(self, queryset):
        citations = Citation.objects.of_published_sources().select_related("source").order_by("source__slug")
        return queryset.select_related("event", "relationship").prefetch_related(
            Prefetch("states", queryset=State.objects.order_by("iso3")),
            Prefetch("citations", queryset=citations),
        )


@extend_schema_view(
    list=extend_schema(
        summary="List published sources",
        description="Documents with their kind, reliability grade and the number of published claims citing them.",
    ),
    retrieve=extend_schema(summary="One published source, by key"),
)
class SourceViewSet(ResourceViewSet):
    selector = staticmethod(source_list_public)
    serializer_class = SourceSerializer
    filterset_class = SourceFilterSet
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX
    csv_format = SOURCE_CSV
    queryset = Source.objects.none()

    def for_json(self, queryset):
        return queryset.with_public_claim_count()
