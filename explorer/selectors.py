"""What the explorer's pages read: the public selectors of ``events`` and ``sources``, with what each page shows.

Every read is bounded (a page shows at most ``*_LIMIT`` rows and says so when
there are more) and runs a fixed number of queries, whatever the data holds.
"""

from collections.abc import Mapping

from django.db.models import Prefetch

from events.selectors import NO_FILTERS, event_list_public, relationship_list_public, state_list_public
from sources.models import Citation
from sources.on_events.api import with_claim_counts
from sources.selectors import claim_list_public, source_list_public

TIMELINE_LIMIT = 1000
LIST_LIMIT = 100


def first(queryset, limit: int) -> tuple[list, bool]:
    """The first ``limit`` rows, and whether there are more (one query: one row more is read)."""
    rows = list(queryset[: limit + 1])
    return rows[:limit], len(rows) > limit


def timeline_events(filters: Mapping = NO_FILTERS, limit: int = TIMELINE_LIMIT) -> tuple[list, bool]:
    """Published events matching the API filters, latest first, with participants and claim counts."""
    events = with_claim_counts(event_list_public(filters=filters), "event").with_participants()
    return first(events, limit)


def states_for_filters():
    return state_list_public()


def public_citations():
    return Prefetch(
        "citations", queryset=Citation.objects.of_published_sources().select_related("source").order_by("source__slug")
    )


def event_page(slug: str):
    """The published event (with participants), or None."""
    return event_list_public().with_participants().filter(slug=slug).first()


def event_claims(slug: str) -> list:
    """The public claims about the event, with the citations of published sources a reader may see."""
    return list(
        claim_list_public(filters={"event": slug}).prefetch_related(public_citations()).order_by("stance", "slug")
    )


def ties_founded_by(event) -> list:
    """The published ties the event founded (a treaty's partnership)."""
    return list(relationship_list_public().filter(founding_event=event).select_related("state_a", "state_b"))


def network_ties(filters: Mapping = NO_FILTERS) -> list:
    """Published relationships matching the API filters (but ``active_on``, which the page draws itself)."""
    filters = {name: value for name, value in filters.items() if name != "active_on"}
    return list(relationship_list_public(filters=filters).select_related("state_a", "state_b", "founding_event"))


def state_page(iso3: str):
    return state_list_public().filter(iso3=iso3).first()


def state_ties(iso3: str) -> list:
    return list(
        relationship_list_public(filters={"state": iso3}).select_related("state_a", "state_b", "founding_event")
    )


def state_events(iso3: str, limit: int = LIST_LIMIT) -> tuple[list, bool]:
    events = with_claim_counts(event_list_public(filters={"participant": [iso3]}), "event").with_participants()
    return first(events, limit)


def state_claims(iso3: str, limit: int = LIST_LIMIT) -> tuple[list, bool]:
    claims = claim_list_public(filters={"state": iso3}).select_related("event", "relationship")
    return first(claims, limit)


def source_page(slug: str):
    return source_list_public().filter(slug=slug).first()


def source_claims(slug: str, limit: int = LIST_LIMIT) -> tuple[list, bool]:
    """The public claims citing the source, each with its citation of it (the quote)."""
    quotes = Prefetch("citations", queryset=Citation.objects.filter(source__slug=slug), to_attr="quotes_here")
    claims = (
        claim_list_public(filters={"source": slug})
        .select_related("event", "relationship__state_a", "relationship__state_b")
        .prefetch_related(quotes)
    )
    return first(claims, limit)
