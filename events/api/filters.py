"""Query parameters of the states, events and relationships lists.

Each declaration parses and documents one parameter; ``events.selectors`` applies them.
"""

from curation.api.filters import (
    BooleanFilter,
    ChoiceFilter,
    FilterSet,
    OrderingFilter,
    PartialDateFilter,
    SearchFilter,
)

from ..choices import Domain, EventType, ParticipantRole, RelationshipKind
from ..models import Event, Relationship
from .facets import FacetsFilter
from .state_names import NAMES_HELP, StateNameFilter, StateNamesFilter

SEARCH_HELP = (
    "Full-text search (PostgreSQL, English stemming) in web search syntax: words, "
    '"quoted phrases", OR, and -excluded words.'
)


class StateFilterSet(FilterSet):
    axis_member = BooleanFilter(description="true: only the four tracked states (RUS, CHN, IRN, PRK).")
    q = SearchFilter(description="States whose code, name, short name or an alias contains this.")
    ordering = OrderingFilter(
        fields={"short_name": "short_name", "name": "name", "iso3": "iso3"},
        description="Sort by these fields (comma-separated, - for descending). Default: short_name.",
    )


class EventFilterSet(FilterSet):
    date_window = True
    date_window_subject = "events"

    participant = StateNamesFilter(
        description="Events in which ANY of these states take part: ISO3 codes separated by commas (RUS,PRK)."
        + NAMES_HELP,
    )
    participant_all = StateNamesFilter(
        description="Events in which ALL of these states take part: ISO3 codes separated by commas (RUS,PRK)."
        + NAMES_HELP,
    )
    predecessors = BooleanFilter(
        description="true: participant also matches the former states these states succeeded "
        "(participant=RUS&predecessors=true includes the Soviet Union's events, SUN).",
    )
    role = ChoiceFilter(
        choices=ParticipantRole.choices,
        description="Only participations in this role count: with participant or participant_all, those states "
        "must have it (participant=PRK&role=supplier); alone, some state has it.",
    )
    type = ChoiceFilter(choices=EventType.choices, description="The kind of event.")
    domain = ChoiceFilter(choices=Domain.choices, description="Events touching this field of cooperation.")
    q = SearchFilter(description=SEARCH_HELP + " Searches titles, summaries and places.")
    facets = FacetsFilter(
        description="Add counts for the current filter to the page (facets: {name: [{value, count}]}, most "
        "frequent first): type, participant (ISO3; events it takes part in), domain, year (of the start; "
        "undated events are not counted). One query each, each with a time limit: a facet that runs out "
        "of time is null.",
    )
    ordering = OrderingFilter(
        fields={"start": "start", "end": "end", "title": "title", "key": "slug"},
        contributed_to=Event,
        description="Sort by these fields (comma-separated, - for descending; unknown values last). "
        "Default: -start,key.",
    )


class RelationshipFilterSet(FilterSet):
    state = StateNameFilter(description="Ties in which this state (ISO3) is either party." + NAMES_HELP)
    pair = StateNamesFilter(
        exactly=2,
        description="Ties between exactly these two states, in either order: two ISO3 codes (CHN,PRK)." + NAMES_HELP,
    )
    kind = ChoiceFilter(choices=RelationshipKind.choices, description="The kind of tie.")
    active_on = PartialDateFilter(
        description="Ties holding at some time in this partial date (2024-03-17, 2024-03 or 2024); "
        "an unknown start or end counts as open.",
    )
    q = SearchFilter(description=SEARCH_HELP + " Searches summaries.")
    ordering = OrderingFilter(
        fields={"start": "start", "end": "end", "kind": "kind", "key": "slug"},
        contributed_to=Relationship,
        description="Sort by these fields (comma-separated, - for descending; unknown values last). "
        "Default: by state A, state B, kind.",
    )
