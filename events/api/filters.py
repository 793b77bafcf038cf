"""Query parameters of the states, events and relationships lists."""

from axisdb.api.filters import (
    BooleanFilter,
    ChoiceFilter,
    FilterSet,
    OrderingFilter,
    PartialDateFilter,
    SearchFilter,
    StateFilter,
    StatesFilter,
)

from ..choices import Domain, EventType, ParticipantRole, RelationshipKind
from ..models import Event, Relationship, State

SEARCH_HELP = (
    "Full-text search (PostgreSQL, English stemming) in web search syntax: words, "
    '"quoted phrases", OR, and -excluded words.'
)


def _unchanged(queryset, value):
    return queryset


class StateFilterSet(FilterSet):
    axis_member = BooleanFilter(
        field_name="is_axis_member", description="true: only the four tracked states (RUS, CHN, IRN, PRK)."
    )
    q = SearchFilter(query="matching", description="States whose code, name, short name or an alias contains this.")
    ordering = OrderingFilter(
        fields={"short_name": "short_name", "name": "name", "iso3": "iso3"},
        description="Sort by these fields (comma-separated, - for descending). Default: short_name.",
    )

    class Meta:
        model = State
        fields = []


class EventFilterSet(FilterSet):
    date_window = "overlapping"
    date_window_subject = "events"

    participant = StatesFilter(
        query=_unchanged,
        description="Events in which ANY of these states take part: ISO3 codes separated by commas (RUS,PRK).",
    )
    participant_all = StatesFilter(
        query=_unchanged,
        description="Events in which ALL of these states take part: ISO3 codes separated by commas (RUS,PRK).",
    )
    role = ChoiceFilter(
        choices=ParticipantRole.choices,
        query=_unchanged,
        description="Only participations in this role count: with participant or participant_all, those states "
        "must have it (participant=PRK&role=supplier); alone, some state has it.",
    )
    type = ChoiceFilter(choices=EventType.choices, field_name="type", description="The kind of event.")
    domain = ChoiceFilter(
        choices=Domain.choices,
        query=lambda queryset, domain: queryset.filter(domains__contains=[domain]),
        description="Events touching this field of cooperation.",
    )
    q = SearchFilter(query="full_text", description=SEARCH_HELP + " Searches titles, summaries and places.")
    ordering = OrderingFilter(
        fields={"start": "start", "end": "end", "title": "title", "key": "slug"},
        description="Sort by these fields (comma-separated, - for descending; unknown values last). "
        "Default: -start,key.",
    )

    class Meta:
        model = Event
        fields = []

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        queryset = super().filter_queryset(queryset)
        if data.get("participant") or data.get("participant_all") or data.get("role"):
            queryset = queryset.taking_part(
                any_of=data.get("participant") or (),
                all_of=data.get("participant_all") or (),
                role=data.get("role") or None,
            )
        return queryset


class RelationshipFilterSet(FilterSet):
    state = StateFilter(query="involving", description="Ties in which this state (ISO3) is either party.")
    pair = StatesFilter(
        exactly=2,
        query=lambda queryset, pair: queryset.between(*pair),
        description="Ties between exactly these two states, in either order: two ISO3 codes (CHN,PRK).",
    )
    kind = ChoiceFilter(choices=RelationshipKind.choices, field_name="kind", description="The kind of tie.")
    active_on = PartialDateFilter(
        query=lambda queryset, date: queryset.active_during(date.lower, date.upper),
        description="Ties holding at some time in this partial date (2024-03-17, 2024-03 or 2024); "
        "an unknown start or end counts as open.",
    )
    q = SearchFilter(query="full_text", description=SEARCH_HELP + " Searches summaries.")
    ordering = OrderingFilter(
        fields={"start": "start", "end": "end", "kind": "kind", "key": "slug"},
        description="Sort by these fields (comma-separated, - for descending; unknown values last). "
        "Default: by state A, state B, kind.",
    )

    class Meta:
        model = Relationship
        fields = []
