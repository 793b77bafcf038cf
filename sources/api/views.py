"""Claims and sources: list and detail, of what ``sources.selectors`` lets a reader see."""

from django.db.models import Prefetch

from curation.api.viewsets import ResourceDocs, ResourceViewSet
from events.models import State

from ..models import Citation
from ..selectors import claim_list_public, source_list_public
from .filters import ClaimFilterSet, SourceFilterSet
from .serializers import CLAIM_CSV, SOURCE_CSV, ClaimSerializer, SourceSerializer


class ClaimViewSet(ResourceViewSet):
    docs = ResourceDocs(
        "List published claims",
        "Attributed assertions with their subject, stance, assessment, credibility, quantity, "
        "citations (source, quote, locator, attribution), independent origins and links to other claims. "
        "Only published claims about published subjects; only citations of published sources.",
        "One published claim, by key",
    )
    selector = staticmethod(claim_list_public)
    serializer_class, filterset_class, csv_format = ClaimSerializer, ClaimFilterSet, CLAIM_CSV

    def for_json(self, queryset):
        citations = Citation.objects.of_published_sources().select_related("source").order_by("source__slug")
        return (
            queryset.with_links()
            .select_related("event", "relationship")
            .prefetch_related(
                Prefetch("states", queryset=State.objects.order_by("iso3")),
                Prefetch("citations", queryset=citations),
            )
        )


class SourceViewSet(ResourceViewSet):
    docs = ResourceDocs(
        "List published sources",
        "Documents with their kind, reliability grade and the number of published claims citing them.",
        "One published source, by key",
    )
    selector = staticmethod(source_list_public)
    # Each row carries its claim_count (kept by the database): nothing to annotate.
    serializer_class, filterset_class, csv_format = SourceSerializer, SourceFilterSet, SOURCE_CSV
