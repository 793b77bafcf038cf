"""What a reader may see of states, events and relationships: the public reads, in one place.

Each ``*_list_public`` returns the records a reader may see, filtered by the
cleaned query parameters (``filters``, keyed by parameter name, as declared in
``events/api/filters.py``) and in the order asked for. The API uses the same
selector for its JSON pages, its details and its CSV, so every visibility rule
is written once.
"""

from collections.abc import Mapping

from django.db.models import F

from curation.api.filters import matching, ordered, within_dates
from curation.registry import registry

from .models import Event, EventQuerySet, Relationship, RelationshipQuerySet, State, StateQuerySet

NO_FILTERS: Mapping = {}


def state_list_public(*, filters: Mapping = NO_FILTERS) -> StateQuerySet:
    """Every state (states have no editorial status: all are public)."""
    states = matching(State.objects.all(), filters, {"axis_member": "is_axis_member"})
    if "q" in filters:
        states = states.matching(filters["q"])
    return ordered(states, filters.get("ordering"), ["short_name", "iso3"])


def event_list_public(*, filters: Mapping = NO_FILTERS) -> EventQuerySet:
    """Published events; latest first, undated last, by default."""
    events = Event.objects.published()
    if filters.get("participant") or filters.get("participant_all") or filters.get("role"):
        events = events.taking_part(
            any_of=filters.get("participant", ()),
            with_predecessors=bool(filters.get("predecessors")),
            all_of=filters.get("participant_all", ()),
            role=filters.get("role"),
        )
    events = matching(events, filters, {"type": "type"})
    if "domain" in filters:
        events = events.filter(domains__contains=[filters["domain"]])
    events = within_dates(events, filters, "period")
    if "q" in filters:
        events = events.full_text(filters["q"])
    events = registry.prepare_sort(Event, events, filters.get("ordering"))
    return ordered(events, filters.get("ordering"), [F("start").desc(nulls_last=True), "slug"])


def relationship_list_public(*, filters: Mapping = NO_FILTERS) -> RelationshipQuerySet:
    """Published relationships, by state A, state B and kind by default."""
    relationships = Relationship.objects.published()
    if "state" in filters:
        relationships = relationships.involving(filters["state"])
    if "pair" in filters:
        relationships = relationships.between(*filters["pair"])
    relationships = matching(relationships, filters, {"kind": "kind"})
    if "active_on" in filters:
        relationships = relationships.active_during(filters["active_on"].lower, filters["active_on"].upper)
    if "q" in filters:
        relationships = relationships.full_text(filters["q"])
    relationships = registry.prepare_sort(Relationship, relationships, filters.get("ordering"))
    return ordered(relationships, filters.get("ordering"), ["state_a_id", "state_b_id", "kind", "slug"])
