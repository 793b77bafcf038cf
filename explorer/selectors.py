"""What the explorer's pages read: the public selectors of ``events`` and ``sources``, with what each page shows.

Every read is bounded (a page shows at most ``*_LIMIT`` rows and says so when
there are more) and runs a fixed number of queries, whatever the data holds.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, Count, F, Prefetch, Q, Value, When, Window

from curation.models import overlapping
from curation.partial_dates import display_partial
from curation.workflow.status import EditorialStatus
from events.choices import EventType, ParticipantRole, RelationshipKind
from events.models import Event, EventParticipant
from events.selectors import NO_FILTERS, event_list_public, relationship_list_public, state_list_public
from sources.choices import Stance
from sources.models import Citation, Claim, ClaimLink
from sources.on_events.api import with_claim_counts
from sources.selectors import claim_list_public, source_list_public

#: Labels and positions of the choices, read once: an enum's ``.values`` and ``.label`` are rebuilt on
#: every call (a thousand rows read them thousands of times).
STANCE_INDEX = {value: index for index, value in enumerate(Stance.values)}
ROLE_LABELS = dict(ParticipantRole.choices)
KIND_LABELS = dict(RelationshipKind.choices)

TIMELINE_LIMIT = 1000
LIST_LIMIT = 100
#: The network draws at most this many ties: the most recent (ongoing first, then by latest end and start).
NETWORK_LIMIT = 300


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
        return ROLE_LABELS[self.role]


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
        return self.claim_counts_by_stance[STANCE_INDEX[stance]]

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
    # By event id and state name: ordering by "event" would join and sort by the events' own order.
    participations = EventParticipant.objects.filter(event__in=list(by_pk)).order_by("event_id", "state__short_name")
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
    extra: dict = field(default_factory=dict)

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
        return KIND_LABELS[self.kind]


def states_by_code() -> dict:
    """Every state by its ISO3 code (one query)."""
    return {state.iso3: state for state in state_list_public()}


def tie_rows(ties, extra: tuple[str, ...] = (), states: dict | None = None) -> list[TieRow]:
    """``ties`` with their states (from one query of the states, unless given) and their founding event if
    published; ``extra`` names annotations kept in each row's ``extra``."""
    states = states_by_code() if states is None else states
    values = ties.values(
        "slug", "kind", "state_a_id", "state_b_id", "start", "start_approximate", "end", "end_approximate",
        "founding_event__slug", "founding_event__title", "founding_event__status", *extra,
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
            {name: row[name] for name in extra},
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


def network_ties(
    filters: Mapping = NO_FILTERS, limit: int = NETWORK_LIMIT, states: dict | None = None
) -> tuple[list[TieRow], int]:
    """The ``limit`` most recent published relationships matching the API filters but ``active_on`` (the page
    draws every tie and the slider shows those active), and how many match in all (one query: the count is a
    window over the same rows).

    Most recent: with ``active_on``, the ties active then come first; then the ongoing ties (no end given),
    the latest started first and those without any date after them; then the others by latest end and start.
    """
    on = filters.get("active_on")
    filters = {name: value for name, value in filters.items() if name != "active_on"}
    recent = [F("end").desc(nulls_first=True), F("start").desc(nulls_last=True), "state_a_id", "state_b_id", "slug"]
    if on is not None:
        recent.insert(0, Case(When(overlapping("period", on.lower, on.upper), then=Value(0)), default=Value(1)))
    ties = relationship_list_public(filters=filters).annotate(matching=Window(Count("pk"))).order_by(*recent)
    rows = tie_rows(ties[:limit], extra=("matching",), states=states)
    return rows, (rows[0].extra["matching"] if rows else 0)


@dataclass
class Flow:
    """The published arms transfers from ``supplier`` to ``recipient`` (``arms_transfer`` events in which one is
    supplier and the other recipient), with the numbers their claims record.

    ``numbers`` maps a unit to ``(transfers with a number in it, their total)``; a transfer whose claims record
    no number counts in ``transfers`` only: its quantity is unknown, never taken as 1.
    """

    supplier: object
    recipient: object
    transfers: int
    lower: datetime.date | None
    upper: datetime.date | None
    numbers: dict[str, tuple[int, Decimal]] = field(default_factory=dict)

    @property
    def state_a(self):
        return self.supplier

    @property
    def state_b(self):
        return self.recipient

    @property
    def state_a_id(self) -> str:
        return self.supplier.iso3

    @property
    def state_b_id(self) -> str:
        return self.recipient.iso3

    @property
    def key(self) -> str:
        return f"{self.supplier.iso3}-{self.recipient.iso3}"

    @property
    def unknown(self) -> int:
        """Transfers with no recorded number (in any unit)."""
        return self.transfers - sum(count for count, _ in self.numbers.values())


#: The network draws at most this many supplier-recipient pairs of arms transfers: the strongest.
FLOW_LIMIT = 100


def strongest_flows(flows: list[Flow], limit: int = FLOW_LIMIT) -> tuple[list[Flow], int]:
    """The ``limit`` strongest flows (most transfers with a recorded number, then most transfers), and how
    many there are in all. Totals in different units are not comparable, so the count of numbered
    transfers ranks them."""

    def strength(flow: Flow) -> tuple:
        return (-(flow.transfers - flow.unknown), -flow.transfers, flow.key)

    return sorted(flows, key=strength)[:limit], len(flows)


def recorded_numbers(events, fields: tuple[str, ...]) -> tuple[str, tuple]:
    """The SQL (and its parameters) of the claim whose number counts for each of ``events``, with ``fields``:
    of its public supporting claims that record a number, the best-graded (credibility 1 before 6), then the
    first by key. One per event, so that a number repeated by several claims is not added twice."""
    return (
        Claim.objects.public()
        .filter(event__in=events.values("pk"), stance=Stance.SUPPORTS, quantity_value__isnull=False)
        .order_by("event_id", "credibility", "slug")
        .distinct("event_id")
        .values(*fields)
        .query.sql_with_params()
    )


def transfer_filters(filters: Mapping) -> dict:
    """The event filters of the network's tie filters: ``state`` takes part, ``pair`` both take part,
    ``active_on`` the transfer's period meets that date, ``q`` the same words."""
    events = {}
    if "state" in filters:
        events["participant"] = [filters["state"]]
    if "pair" in filters:
        events["participant_all"] = list(filters["pair"])
    if "active_on" in filters:
        events["from"] = events["to"] = filters["active_on"]
    if "q" in filters:
        events["q"] = filters["q"]
    return events


def network_flows(filters: Mapping = NO_FILTERS, states: dict | None = None) -> list[Flow]:
    """The arms transfers between each supplier and recipient matching the network's filters (one query,
    grouped in the database by supplier, recipient and the unit of the number that counts for each transfer;
    none when the filters ask for another kind of tie than arms suppliers).

    ``active_on`` counts only the transfers whose period (order to last delivery) meets that date.
    """
    if filters.get("kind") not in (None, RelationshipKind.ARMS_SUPPLIER):
        return []
    events = event_list_public(filters=transfer_filters(filters)).filter(type=EventType.ARMS_TRANSFER).order_by()
    try:
        events_sql, events_params = events.values("pk").query.sql_with_params()
        numbers_sql, numbers_params = recorded_numbers(events, fields=("event_id", "quantity_unit", "quantity_value"))
    except EmptyResultSet:  # the filters can match nothing
        return []
    participant = EventParticipant._meta.db_table
    # One pass: each transfer once per supplier-recipient pair, with the number that counts for it (if
    # any) joined beside it; a transfer with no number groups under unit NULL.
    sql = f"""
        SELECT s.state_id, r.state_id, n.quantity_unit, count(*), count(n.event_id), sum(n.quantity_value),
               min(lower(e.period)), max(upper(e.period))
        FROM {Event._meta.db_table} e
        JOIN {participant} s ON s.event_id = e.id AND s.role = %s
        JOIN {participant} r ON r.event_id = e.id AND r.role = %s
        LEFT JOIN ({numbers_sql}) n ON n.event_id = e.id
        WHERE e.id IN ({events_sql})
        GROUP BY 1, 2, 3
        ORDER BY 1, 2, 3
    """
    params = [ParticipantRole.SUPPLIER, ParticipantRole.RECIPIENT, *numbers_params, *events_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    states = states_by_code() if states is None else states
    flows: dict[tuple[str, str], Flow] = {}
    for supplier, recipient, unit, transfers, numbered, total, lower, upper in rows:
        upper = upper - datetime.timedelta(days=1) if upper else None  # a daterange ends the day before
        flow = flows.get((supplier, recipient))
        if flow is None:
            flow = flows[(supplier, recipient)] = Flow(states[supplier], states[recipient], 0, lower, upper)
        flow.transfers += transfers
        flow.lower = min(filter(None, (flow.lower, lower)), default=None)
        flow.upper = max(filter(None, (flow.upper, upper)), default=None)
        if unit is not None and numbered:
            flow.numbers[unit] = (numbered, total)
    return list(flows.values())


def state_page(iso3: str):
    """The state, with its successor and the former states it continues (``State.objects.with_succession``)."""
    return state_list_public().with_succession().filter(iso3=iso3).first()


def state_ties(iso3: str) -> list:
    return tie_rows(relationship_list_public(filters={"state": iso3}))


def state_events(iso3: str, limit: int = LIST_LIMIT) -> tuple[list, bool]:
    return event_rows(event_list_public(filters={"participant": [iso3]}), limit)


def state_claims(iso3: str, limit: int = LIST_LIMIT) -> tuple[list, bool]:
    claims = (
        claim_list_public(filters={"state": iso3})
        .select_related("event", "relationship")
        # What the page shows: not the stored search vectors, periods and quantities (a tenth of the time).
        .only("slug", "statement", "claimant", "stance", "credibility", "assessment", "event__slug", "event__title",
              "relationship__state_a", "relationship__state_b", "relationship__kind")
    )  # fmt: skip
    return first(claims, limit)


def source_page(slug: str):
    return source_list_public().filter(slug=slug).first()


def source_claims(source, limit: int = LIST_LIMIT) -> tuple[list, bool]:
    """The public claims citing the published ``source``, each with its citation of it (the quote)."""
    quotes = Prefetch("citations", queryset=Citation.objects.filter(source=source), to_attr="quotes_here")
    claims = (
        claim_list_public()
        .citing_source(source.pk)
        .select_related("event", "relationship__state_a", "relationship__state_b")
        .prefetch_related(quotes)
    )
    return first(claims, limit)
