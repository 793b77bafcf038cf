"""States, events and relationships: list and detail, published records only."""

from django.db.models import F, Func, OuterRef, Subquery
from django.db.models.functions import Coalesce
from drf_spectacular.utils import extend_schema, extend_schema_view

from axisdb.api.filters import SLUG_REGEX
from axisdb.api.viewsets import ResourceViewSet

from ..models import Event, Relationship, State
from .filters import EventFilterSet, RelationshipFilterSet, StateFilterSet
from .serializers import (
    EVENT_CSV,
    RELATIONSHIP_CSV,
    STATE_CSV,
    EventSerializer,
    RelationshipSerializer,
    StateSerializer,
    stance_choices,
)


def with_claim_counts(queryset, subject: str):
    """Annotate ``claims_<stance>``: the public claims about each record, by stance (one subquery each)."""
    claims = queryset.model._meta.get_field("claims").related_model.objects.public()
    annotations = {}
    for stance, _ in stance_choices():
        count = (
            claims.filter(**{subject: OuterRef("pk")}, stance=stance)
            .order_by()
            .annotate(n=Func("pk", function="COUNT"))
            .values("n")
        )
        annotations[f"claims_{stance}"] = Coalesce(Subquery(count), 0)
    return queryset.annotate(**annotations)


@extend_schema_view(
    list=extend_schema(summary="List states", description="Every state, tracked axis members and the others."),
    retrieve=extend_schema(summary="One state, by ISO 3166-1 alpha-3 code"),
)
class StateViewSet(ResourceViewSet):
    serializer_class = StateSerializer
    filterset_class = StateFilterSet
    lookup_field = "iso3"
    lookup_value_regex = "[A-Z]{3}"
    keyset_unique_field = "iso3"
    csv_format = STATE_CSV
    queryset = State.objects.none()

    def records(self):
        return State.objects.order_by("short_name", "iso3")


@extend_schema_view(
    list=extend_schema(
        summary="List published events",
        description="Events with their participants (ISO3, name, role), dates at their precision, place and "
        "the number of published claims about them by stance. Newest first by default, undated ones last.",
    ),
    retrieve=extend_schema(summary="One published event, by key"),
)
class EventViewSet(ResourceViewSet):
    serializer_class = EventSerializer
    filterset_class = EventFilterSet
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX
    csv_format = EVENT_CSV
    queryset = Event.objects.none()

    def records(self):
        return Event.objects.published().order_by(F("start").desc(nulls_last=True), "slug")

    def for_json(self, queryset):
        return with_claim_counts(queryset.with_participants(), "event")


@extend_schema_view(
    list=extend_schema(
        summary="List published relationships",
        description="Standing ties between two states, with direction, period and founding event.",
    ),
    retrieve=extend_schema(summary="One published relationship, by key"),
)
class RelationshipViewSet(ResourceViewSet):
    serializer_class = RelationshipSerializer
    filterset_class = RelationshipFilterSet
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX
    csv_format = RELATIONSHIP_CSV
    queryset = Relationship.objects.none()

    def records(self):
        return Relationship.objects.published().order_by("state_a_id", "state_b_id", "kind", "slug")

    def for_json(self, queryset):
        return with_claim_counts(queryset.select_related("state_a", "state_b", "founding_event"), "relationship")
