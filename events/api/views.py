"""States, events and relationships: list and detail, of what ``events.selectors`` lets a reader see."""

from drf_spectacular.utils import extend_schema, extend_schema_view

from curation.api.filters import SLUG_REGEX
from curation.api.viewsets import ResourceViewSet

from ..models import Event, Relationship, State
from ..selectors import event_list_public, relationship_list_public, state_list_public
from .filters import EventFilterSet, RelationshipFilterSet, StateFilterSet
from .serializers import (
    EVENT_CSV,
    RELATIONSHIP_CSV,
    STATE_CSV,
    EventSerializer,
    RelationshipSerializer,
    StateSerializer,
)


@extend_schema_view(
    list=extend_schema(summary="List states", description="Every state, tracked axis members and the others."),
    retrieve=extend_schema(summary="One state, by ISO 3166-1 alpha-3 code"),
)
class StateViewSet(ResourceViewSet):
    selector = staticmethod(state_list_public)
    serializer_class = StateSerializer
    filterset_class = StateFilterSet
    lookup_field = "iso3"
    lookup_value_regex = "[A-Z]{3}"
    keyset_unique_field = "iso3"
    csv_format = STATE_CSV
    queryset = State.objects.none()


@extend_schema_view(
    list=extend_schema(
        summary="List published events",
        description="Events with their participants (ISO3, name, role), dates at their precision, place and "
        "the number of published claims about them by stance. Newest first by default, undated ones last.",
    ),
    retrieve=extend_schema(summary="One published event, by key"),
)
class EventViewSet(ResourceViewSet):
    selector = staticmethod(event_list_public)
    serializer_class = EventSerializer
    filterset_class = EventFilterSet
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX
    csv_format = EVENT_CSV
    queryset = Event.objects.none()

    def for_json(self, queryset):
        return queryset.with_participants()


@extend_schema_view(
    list=extend_schema(
        summary="List published relationships",
        description="Standing ties between two states, with direction, period and founding event.",
    ),
    retrieve=extend_schema(summary="One published relationship, by key"),
)
class RelationshipViewSet(ResourceViewSet):
    selector = staticmethod(relationship_list_public)
    serializer_class = RelationshipSerializer
    filterset_class = RelationshipFilterSet
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX
    csv_format = RELATIONSHIP_CSV
    queryset = Relationship.objects.none()

    def for_json(self, queryset):
        return queryset.select_related("state_a", "state_b", "founding_event")
