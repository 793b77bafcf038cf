"""States, events and relationships: list and detail, of what ``events.selectors`` lets a reader see."""

from curation.api.viewsets import ResourceDocs, ResourceViewSet

from ..selectors import event_list_public, relationship_list_public, state_list_public
from .facets import facets
from .filters import EventFilterSet, RelationshipFilterSet, StateFilterSet
from .serializers import (
    EVENT_CSV,
    RELATIONSHIP_CSV,
    STATE_CSV,
    EventSerializer,
    RelationshipSerializer,
    StateSerializer,
)


class StateViewSet(ResourceViewSet):
    docs = ResourceDocs(
        "List states",
        "Every state: the tracked axis members, the others, and former states with when they existed and "
        "their successor.",
        "One state, by ISO 3166-1 alpha-3 code (ISO 3166-3 for a former state: SUN)",
    )
    selector = staticmethod(state_list_public)
    serializer_class, filterset_class, csv_format = StateSerializer, StateFilterSet, STATE_CSV
    lookup_field = keyset_unique_field = "iso3"
    lookup_value_regex = "[A-Z]{3}"

    def for_json(self, queryset):
        return queryset.with_succession()


class EventViewSet(ResourceViewSet):
    docs = ResourceDocs(
        "List published events",
        "Events with their participants (ISO3, name, role), dates at their precision, place and "
        "the number of published claims about them by stance. Newest first by default, undated ones last.",
        "One published event, by key",
    )
    selector = staticmethod(event_list_public)
    serializer_class, filterset_class, csv_format = EventSerializer, EventFilterSet, EVENT_CSV

    def for_json(self, queryset):
        return queryset.with_participant_refs()

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        if "facets" not in request.query_params or getattr(response, "streaming", False):
            return response  # (the parameters, once checked, are read again only for facets)
        names = self.parameters().get("facets")
        if names:
            response.data["facets"] = facets(self.public_records(), names)
        return response


class RelationshipViewSet(ResourceViewSet):
    docs = ResourceDocs(
        "List published relationships",
        "Standing ties between two states, with direction, period and founding event.",
        "One published relationship, by key",
    )
    selector = staticmethod(relationship_list_public)
    serializer_class, filterset_class, csv_format = RelationshipSerializer, RelationshipFilterSet, RELATIONSHIP_CSV

    def for_json(self, queryset):
        return queryset.select_related("state_a", "state_b", "founding_event")
