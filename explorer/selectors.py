"""What the explorer's pages read: the public selectors of ``events`` and ``sources``, with what each page shows.

Every read is bounded (a page shows at most ``*_LIMIT`` rows and says so when
there are more) and runs a fixed number of queries, whatever the data holds.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, fields

from django.db.models import Prefetch, Q

from curation.partial_dates import display_partial
from curation.workflow.status import EditorialStatus
from events.choices import ParticipantRole, RelationshipKind
from events.models import EventParticipant
from events.selectors import NO_FILTERS, event_list_public, relationship_list_public, state_list_public
from sources.choices import Stance
from sources.models import Citation, ClaimLink
from sources.on_events.api import with_claim_counts
from sources.selectors import claim_list_public, source_list_public

TIMELINE_LIMIT = 1000
LIST_LIMIT = 100


def first(queryset, limit: int) -> tuple[list, bool]:
    """The first ``limit`` rows, and whether there are more (one query: one row more is read)."""
    rows = list(queryset[: limit + 1])
    return rows[:limit], len(rows) > limit


@dataclass
class ParticipantRow:
    state_id: str
    role: str

    @property
    def role_label(self) -> str:
        return ParticipantRole(self.role).label


@dataclass
class EventRow:
    """What a chart and its table show of an event: read as values (a thousand model instances cost ~0.5 s)."""

    slug: str
    title: str
    domains: list
    start: object
    start_approximate: bool
    end: object
    end_approximate: bool
    claim_counts_by_stance: list  # in the order of Stance.values (sources.on_events.api.with_claim_counts)
    participants: list = field(default_factory=list)

    def _count(self, stance: str) -> int:
        return self.claim_counts_by_stance[Stance.values.index(stance)]

    @property
    def claims_supports(self) -> int:
        return self._count(Stance.SUPPORTS)

    @property
    def claims_disputes(self) -> int:
        return self._count(Stance.DISPUTES)

    @property
    def claims_context(self) -> int:
        return self._count(Stance.CONTEXT)

    @property
    def when_display(self) -> str:
        start = display_partial(self.start, self.start_approximate)
        return start if self.end is None else f"{start} – {display_partial(self.end, self.end_approximate)}"


EVENT_ROW_FIELDS = [f.name for f in fields(EventRow) if f.name != "participants"]


def event_rows(events, limit: int) -> tuple[list[EventRow], bool]:
    """The first ``limit`` of ``events`` with their claim counts and participants (two queries), and whether
    there are more."""
    rows, more = first(with_claim_counts(events, "event").values("pk", *EVENT_ROW_FIELDS), limit)
    by_pk = {row.pop("pk"): EventRow(**row) for row in rows}
    participations = EventParticipant.objects.filter(event__in=list(by_pk)).order_by("event", "state")
    for event_id, state_id, role in participations.values_list("event_id", "state_id", "role"):
        by_pk[event_id].participants.append(ParticipantRow(state_id, role))
    return list(by_pk.values()), more


def timeline_events(filters: Mapping = NO_FILTERS, limit: int = TIMELINE_LIMIT) -> tuple[list[EventRow], bool]:
    """Published events matching the API filters, latest first, with participants and claim counts."""
    return event_rows(event_list_public(filters=filters), limit)


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
        claim_list_public(filters={"event": [slug]}).prefetch_related(public_citations()).order_by("stance", "slug")
    )


def ties_founded_by(event) -> list:
    """The published ties the event founded (a treaty's partnership)."""
    return list(relationship_list_public().filter(founding_event=event).select_related("state_a", "state_b"))


@dataclass
class FoundingEvent:
    slug: str
    title: str


@dataclass
class TieRow:
    """What the network and a state's ties show of a relationship, read as values (thousands are drawn)."""

    slug: str
    kind: str
    state_a: object
    state_b: object
    start: object
    start_approximate: bool
    end: object
    end_approximate: bool
    founding_event: FoundingEvent | None

    @property
    def state_a_id(self) -> str:
        return self.state_a.iso3

    @property
    def state_b_id(self) -> str:
        return self.state_b.iso3

    @property
    def start_display(self) -> str:
        return display_partial(self.start, self.start_approximate)

    @property
    def end_display(self) -> str:
        return display_partial(self.end, self.end_approximate)

    def get_kind_display(self) -> str:
        return RelationshipKind(self.kind).label


def tie_rows(ties) -> list[TieRow]:
    """``ties`` with their states (from one query of the states) and their founding event if published."""
    states = {state.iso3: state for state in state_list_public()}
    values = ties.values(
        "slug", "kind", "state_a_id", "state_b_id", "start", "start_approximate", "end", "end_approximate",
        "founding_event__slug", "founding_event__title", "founding_event__status",
    )  # fmt: skip
    return [
        TieRow(
            row["slug"],
            row["kind"],
            states[row["state_a_id"]],
            states[row["state_b_id"]],
            row["start"],
            row["start_approximate"],
            row["end"],
            row["end_approximate"],
            FoundingEvent(row["founding_event__slug"], row["founding_event__title"])
            if row["founding_event__status"] == EditorialStatus.PUBLISHED
            else None,
        )
        for row in values
    ]


def event_claim_links(claims: list) -> tuple[list, list]:
    """The links between public claims that touch the event's claims (one query), as
    ``(from_key, to_key, kind)``, and the claims about other subjects they reach, as ``OtherClaim``."""
    if not claims:
        return [], []
    ids = [claim.pk for claim in claims]
    rows = (
        ClaimLink.objects.between_public_claims()
        .filter(Q(from_claim__in=ids) | Q(to_claim__in=ids))
        .order_by("from_claim__slug", "kind", "to_claim__slug")
        .values_list("from_claim_id", "from_claim__slug", "from_claim__claimant", "kind",
                     "to_claim_id", "to_claim__slug", "to_claim__claimant")
    )  # fmt: skip
    own = set(ids)
    links, others = [], {}
    for from_id, from_key, from_claimant, kind, to_id, to_key, to_claimant in rows:
        links.append((from_key, to_key, kind))
        for claim_id, key, claimant in ((from_id, from_key, from_claimant), (to_id, to_key, to_claimant)):
            if claim_id not in own:
                others.setdefault(key, OtherClaim(key, claimant))
    return links, list(others.values())


@dataclass
class OtherClaim:
    """A claim about another subject that a link of the event's claims reaches."""

    slug: str
    claimant: str
    stance: str = "other"


def source_reliance(source) -> tuple[list, list]:
    """The published sources this one relies on, and those that rely on it (two queries)."""
    fields = ("slug", "title", "publisher", "reliability")
    return (
        list(source.based_on.filter(status=EditorialStatus.PUBLISHED).order_by("slug").only(*fields)),
        list(source.relied_on_by.filter(status=EditorialStatus.PUBLISHED).order_by("slug").only(*fields)),
    )


def network_ties(filters: Mapping = NO_FILTERS) -> list[TieRow]:
    """Published relationships matching the API filters (but ``active_on``, which the page draws itself)."""
    filters = {name: value for name, value in filters.items() if name != "active_on"}
    return tie_rows(relationship_list_public(filters=filters))


def state_page(iso3: str):
    """The state, with its successor and the former states it continues (``State.objects.with_succession``)."""
    return state_list_public().with_succession().filter(iso3=iso3).first()


def state_ties(iso3: str) -> list:
    return tie_rows(relationship_list_public(filters={"state": iso3}))


def state_events(iso3: str, limit: int = LIST_LIMIT) -> tuple[list, bool]:
    return event_rows(event_list_public(filters={"participant": [iso3]}), limit)


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
