"""The explorer's pages: thin views over ``explorer.selectors``, drawn by the templates."""

import datetime
from collections import defaultdict
from functools import wraps

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from events.api.filters import EventFilterSet, RelationshipFilterSet
from events.choices import DIRECTED_RELATIONSHIP_KINDS, Domain, EventType, RelationshipKind
from events.models import Event, Relationship
from sources.choices import LinkKind, Stance

from . import claim_graph, markup, selectors
from .network import layout
from .params import BadParametersError, Options, api_query, canonical, parse, with_query
from .timeline import Label, domain_lanes, draw, pair_lanes

TIMELINE_OPTIONS = Options({"lanes": ("pair", "domain")})
#: The parameters each page's form has a box for; the others it carries as hidden fields, so that a
#: submitted form keeps every filter of the URL.
TIMELINE_BOXES = ("participant", "type", "domain", "from", "to", "q", "lanes")
NETWORK_BOXES = ("kind", "state", "active_on")


def hidden(query: dict[str, str], boxes: tuple[str, ...]) -> dict[str, str]:
    return {name: value for name, value in query.items() if name not in boxes}


MULTI = ("participant", "participant_all")


def refusing_bad_parameters(view):
    """A bad query parameter is a 400 page naming it (as the API's JSON does); nothing is read."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadParametersError as error:
            return render(request, "explorer/bad_parameters.html", {"errors": error.errors}, status=400)

    return wrapper


def no_parameters(request) -> None:
    if request.GET:
        accepted = "no query parameters"
        raise BadParametersError({name: [f"Unknown parameter. This page takes {accepted}."] for name in request.GET})


def found(record, message: str):
    if record is None:
        raise Http404(message)
    return record


def home(request):
    return render(request, "explorer/home.html")


def api_links(name: str, query: dict[str, str]) -> dict[str, str]:
    """The JSON (first page, 100 rows) and CSV (the whole list) of ``api:<name>-list`` with ``query``."""
    url = reverse(f"api:{name}-list")
    return {
        "json": with_query(url, {**query, "page_size": "100"}),
        "csv": with_query(url, {**query, "format": "csv"}),
    }


def evidence(record) -> str:
    """The public claims about a record by stance (annotated by ``with_claim_counts``)."""
    return f"{record.claims_supports} supporting, {record.claims_disputes} disputing, {record.claims_context} context"


def url_maker(name: str, placeholder: str = "key-placeholder"):
    """``make(key)``: the URL ``name`` of a key, reversed once (a page may draw a thousand marks)."""
    pattern = reverse(name, args=[placeholder])
    return lambda key: pattern.replace(placeholder, key)


def event_labels():
    event_url = url_maker("explorer:event")
    return lambda event: Label(event_url(event.slug), event.title, event.when_display or "undated", evidence(event))


def tie_labels():
    tie_url = url_maker("api:relationship-detail")

    def describe(tie) -> Label:
        when = f"{tie.start_display or 'start not stated'} – {tie.end_display or 'no end stated'}"
        title = f"{tie.state_a.short_name} – {tie.state_b.short_name}: {tie.get_kind_display()}"
        return Label(tie_url(tie.slug), title, when, "")

    return describe


@refusing_bad_parameters
def timeline(request):
    query = canonical(request.GET, MULTI)
    if query != request.GET.dict() or any(len(values) > 1 for _, values in request.GET.lists()):
        return redirect(with_query(request.path, query))
    filters, options = parse(EventFilterSet, Event, query, TIMELINE_OPTIONS)
    events, more = selectors.timeline_events(filters)
    states = list(selectors.states_for_filters())
    names = {state.iso3: state.short_name for state in states}
    labels = dict(Domain.choices)
    if options["lanes"] == "domain":
        drawing = draw(events, lambda event: domain_lanes(event, labels), event_labels())
    else:
        drawing = draw(events, lambda event: pair_lanes(event, names), event_labels())
    lanes = defaultdict(list)
    labels_of = {}
    for lane in drawing.lanes:
        for mark in lane.marks:
            lanes[mark.event.slug].append(lane.label)
            labels_of[mark.event.slug] = mark.label
    chosen = set(filters.get("participant", ()))
    return render(
        request,
        "explorer/timeline.html",
        {
            "drawing": drawing,
            "events": events,
            "lanes_markup": markup.timeline_lanes(drawing),
            "rows_markup": markup.timeline_rows(
                [(event, labels_of[event.slug], lanes[event.slug]) for event in events],
                names,
                url_maker("explorer:state", "ZZZ"),
                url_maker("api:event-detail"),
            ),
            "more": more,
            "limit": selectors.TIMELINE_LIMIT,
            "query": query,
            "hidden": hidden(query, TIMELINE_BOXES),
            "options": options,
            # A box for each axis member and each state chosen; any other by code or name in a text box.
            "states": [
                (state, state.iso3 in chosen) for state in states if state.is_axis_member or state.iso3 in chosen
            ],
            "types": EventType.choices,
            "domains": Domain.choices,
            "api": api_links("event", api_query(query, TIMELINE_OPTIONS)),
            "other_lanes": with_query(
                request.path, {**query, "lanes": "domain" if options["lanes"] == "pair" else "pair"}
            ),
        },
    )


@refusing_bad_parameters
def network(request):
    query = canonical(request.GET)
    if query != request.GET.dict():
        return redirect(with_query(request.path, query))
    filters, _ = parse(RelationshipFilterSet, Relationship, query)
    states = selectors.states_by_code()
    ties, matching = selectors.network_ties(filters, limit=selectors.NETWORK_LIMIT, states=states)
    flows, all_flows = selectors.strongest_flows(
        selectors.network_flows(filters, states=states), limit=selectors.FLOW_LIMIT
    )
    on = filters.get("active_on")
    drawing = layout(ties, on=(on.lower, on.upper) if on else None, flows=flows)
    tie_api_url = url_maker("api:relationship-detail")
    state_url = url_maker("explorer:state", "ZZZ")
    flow_url = flow_links(query, "explorer:timeline", {})
    return render(
        request,
        "explorer/network.html",
        {
            "drawing": drawing,
            "edges_markup": markup.network_edges(drawing, tie_api_url),
            "rows_markup": markup.network_rows(drawing, state_url, url_maker("explorer:event"), tie_api_url),
            "flows_markup": markup.network_flows(drawing, flow_url),
            "flow_rows_markup": markup.flow_rows(
                drawing, state_url, flow_url, flow_links(query, "api:event-list", {"format": "csv"})
            ),
            "matching": matching,
            "hidden_ties": matching - len(ties),
            "all_flows": all_flows,
            "hidden_flows": all_flows - len(flows),
            "transfers": api_links("event", transfer_query(query)),
            "query": query,
            "hidden": hidden(query, NETWORK_BOXES),
            "on": query.get("active_on", ""),
            "any_date_url": with_query(request.path, {k: v for k, v in query.items() if k != "active_on"}),
            "kinds": RelationshipKind.choices,
            "directed": DIRECTED_RELATIONSHIP_KINDS,
            "api": api_links("relationship", query),
        },
    )


def transfer_query(query: dict[str, str]) -> dict[str, str]:
    """The event list (API parameters) of the arms transfers a network page draws."""
    events = {"type": "arms_transfer"}
    if "state" in query:
        events["participant"] = query["state"]
    if "pair" in query:
        events["participant_all"] = query["pair"]
    if "active_on" in query:
        events["from"] = events["to"] = query["active_on"]
    if "q" in query:
        events["q"] = query["q"]
    return events


def flow_links(query: dict[str, str], name: str, extra: dict[str, str]):
    """``link(flow)``: the arms transfers between the flow's two states (both directions: the event filters
    have no "supplier" parameter) on the page ``name``, within the network's filters."""
    url = reverse(name)

    def link(flow) -> str:
        events = {**transfer_query(query), "participant_all": f"{flow.supplier.iso3},{flow.recipient.iso3}"}
        return with_query(url, {**events, **extra})

    return link


@refusing_bad_parameters
def event(request, key: str):
    no_parameters(request)
    record = found(selectors.event_page(key), "No published event has this key.")
    claims = selectors.event_claims(key)
    links, others = selectors.event_claim_links(claims)
    kinds = dict(LinkKind.choices)
    graph = claim_graph.build(claims, others, [(a, b, kind, kinds[kind]) for a, b, kind in links])
    by_stance = [(value, label, [c for c in claims if c.stance == value]) for value, label in Stance.choices]
    return render(
        request,
        "explorer/event.html",
        {
            "event": record,
            "founded": selectors.ties_founded_by(record),
            "by_stance": by_stance,
            "graph": graph,
            "link_kinds": LinkKind.choices,
            "claims": claims,
            "api": {
                "json": reverse("api:event-detail", args=[key]),
                "claims_json": with_query(reverse("api:claim-list"), {"event": key, "page_size": "100"}),
                "claims_csv": with_query(reverse("api:claim-list"), {"event": key, "format": "csv"}),
            },
        },
    )


@refusing_bad_parameters
def state(request, iso3: str):
    no_parameters(request)
    record = found(selectors.state_page(iso3), "No state has this code.")
    ties = selectors.state_ties(iso3)
    tie_drawing = draw(
        ties,
        lambda tie: [(tie.kind, tie.get_kind_display())],
        tie_labels(),
        open_end=datetime.date.today(),
        undated="Dates not stated",
    )
    events, more_events = selectors.state_events(iso3)
    claims, more_claims = selectors.state_claims(iso3)
    return render(
        request,
        "explorer/state.html",
        {
            "state": record,
            "ties": ties,
            "tie_drawing": tie_drawing,
            "tie_markup": markup.timeline_lanes(tie_drawing),
            "tie_rows_markup": markup.tie_rows(ties, url_maker("api:relationship-detail")),
            "events": events,
            "event_rows_markup": markup.state_event_rows(
                events, iso3, url_maker("explorer:event"), url_maker("api:event-detail")
            ),
            "more_events": more_events,
            "claims": claims,
            "claim_rows_markup": markup.state_claim_rows(
                claims, url_maker("explorer:event"), url_maker("api:claim-detail")
            ),
            "more_claims": more_claims,
            "limit": selectors.LIST_LIMIT,
            "timeline_url": with_query(reverse("explorer:timeline"), {"participant": iso3}),
            "network_url": with_query(reverse("explorer:network"), {"state": iso3}),
            "predecessor_events_api": with_query(
                reverse("api:event-list"), {"participant": iso3, "predecessors": "true"}
            ),
            "successor_events_api": record.successor_id
            and with_query(reverse("api:event-list"), {"participant": record.successor_id, "predecessors": "true"}),
            "api": {
                "json": reverse("api:state-detail", args=[iso3]),
                "ties": api_links("relationship", {"state": iso3}),
                "events": api_links("event", {"participant": iso3}),
                "claims": api_links("claim", {"state": iso3}),
            },
        },
    )


@refusing_bad_parameters
def source(request, key: str):
    no_parameters(request)
    record = found(selectors.source_page(key), "No published source has this key.")
    claims, more = selectors.source_claims(record)
    relies_on, relied_on_by = selectors.source_reliance(record)
    return render(
        request,
        "explorer/source.html",
        {
            "source": record,
            "relies_on": relies_on,
            "relied_on_by": relied_on_by,
            "claims": claims,
            "more": more,
            "limit": selectors.LIST_LIMIT,
            "api": {"json": reverse("api:source-detail", args=[key]), "claims": api_links("claim", {"source": key})},
        },
    )
