"""The repeated parts of the charts and their tables, written as markup in Python.

A chart holds a mark per event and lane, or an edge per tie: thousands of
elements at the scale of real data, which Django's template loops (and even
``format_html``) render many times slower than plain formatting with
``html.escape``. The templates keep the page's structure and include these
fragments; every value from the database goes through ``e`` here.
"""

from html import escape

from django.utils.safestring import SafeString, mark_safe

from .network import Network
from .timeline import Drawing


def e(value) -> str:
    return escape(str(value), quote=True)


def n(value: float) -> str:
    return f"{value:.1f}"


def _mark_shape(mark) -> str:
    if mark.shape == "point":
        return f'<circle cx="{n(mark.x)}" cy="{n(mark.y)}" r="5"/>'
    if mark.shape == "bar":
        return f'<rect x="{n(mark.x)}" y="{n(mark.top)}" width="{n(mark.width)}" height="12" rx="2"/>'
    return (
        f'<rect x="{n(mark.x)}" y="{n(mark.top)}" width="10" height="10" '
        f'transform="rotate(45 {n(mark.centre_x)} {n(mark.y)})"/>'
    )


def _label(mark) -> tuple[str, str]:
    """What every mark of an event says (escaped once, however many lanes it is drawn in): its link, the
    attributes after ``data-lane``, and the ``<title>``."""
    label = mark.label
    title, when, evidence = e(label.title), e(label.when), e(label.evidence)
    attributes = f'data-title="{title}" data-when="{when}" data-evidence="{evidence}"'
    return (
        f'href="{e(label.url)}" data-key="{e(mark.event.slug)}"',
        attributes,
        f"<title>{title} ({when}){': ' + evidence if evidence else ''}</title>",
    )


def _mark(mark, lane_key: str, said: dict) -> str:
    label = said.get(id(mark.label))
    if label is None:
        label = said[id(mark.label)] = _label(mark)
    link, attributes, title = label
    approximate = " approx" if mark.approximate else ""
    return (
        f'<a class="mark mark-{mark.shape}{approximate} precision-{mark.precision or "none"}" {link} '
        f'data-lane="{lane_key}" {attributes}>{title}{_mark_shape(mark)}</a>'
    )


def timeline_lanes(drawing: Drawing) -> SafeString:
    """The axis, then each lane: its band, its label and its marks (links, with what hover and focus show)."""
    ticks = "".join(
        f'<line class="tick" x1="{n(tick.x)}" x2="{n(tick.x)}" y1="16" y2="{n(drawing.height)}"/>'
        f'<text x="{n(tick.x)}" y="12">{e(tick.label)}</text>'
        for tick in drawing.ticks
    )
    parts = [f'<g class="axis">{ticks}</g>']
    said = {}
    for lane in drawing.lanes:
        undated = " lane-undated" if lane.key == "undated" else ""
        lane_key = e(lane.key)
        marks = "".join(_mark(mark, lane_key, said) for mark in lane.marks)
        parts.append(
            f'<g class="lane{undated}" data-lane="{e(lane.key)}">'
            f'<rect class="lane-band" x="0" y="{n(lane.y)}" width="{drawing.plot_right}" height="{n(lane.height)}"/>'
            f'<text class="lane-label" x="4" y="{n(lane.label_y)}">{e(lane.label)}</text>{marks}</g>'
        )
    return mark_safe("\n".join(parts))


def timeline_rows(rows, names: dict[str, str], state_url, event_api_url) -> SafeString:
    """The table view: one row per event, with the lanes it is drawn in."""

    links: dict[tuple[str, str], str] = {}  # (state, role): its link, written once for the page

    def link(state_id: str, role: str, role_label: str) -> str:
        written = links.get((state_id, role))
        if written is None:
            written = links[(state_id, role)] = (
                f'<a href="{e(state_url(state_id))}">{e(names.get(state_id, state_id))}</a> ({e(role_label.lower())})'
            )
        return written

    def participants(event) -> str:
        return ", ".join(link(p.state_id, p.role, p.role_label) for p in event.participants)

    return mark_safe(
        "\n".join(
            f'<tr data-event="{e(event.slug)}"><td><a href="{e(label.url)}">{e(event.title)}</a></td>'
            f"<td>{e(label.when)}</td><td>{e('; '.join(lanes))}</td><td>{participants(event)}</td>"
            f'<td>{e(label.evidence)}</td><td><a href="{e(event_api_url(event.slug))}">JSON</a></td></tr>'
            for event, label, lanes in rows
        )
    )


def tie_period(tie) -> str:
    return f"{tie.start_display or 'start not stated'} – {tie.end_display or 'no end stated'}"


def days(lower, upper) -> tuple[str, str]:
    """A period's first and last days as ``data-lower``/``data-upper`` hold them (empty when not stated)."""
    return (lower.isoformat() if lower else "", upper.isoformat() if upper else "")


def _edge(edge, tie_api_url) -> str:
    tie = edge.tie
    inactive = "" if edge.active else " inactive"
    arrow = f' marker-end="url(#arrow-{e(tie.kind)})"' if edge.directed else ""
    lower, upper = days(edge.lower, edge.upper)
    title = f"{tie.state_a.short_name} – {tie.state_b.short_name}: {tie.get_kind_display()} ({tie_period(tie)})"
    return (
        f'<a class="edge kind-{e(tie.kind)}{inactive}" href="{e(tie_api_url(tie.slug))}" data-tie="{e(tie.slug)}" '
        f'data-kind="{e(tie.kind)}" data-lower="{lower}" data-upper="{upper}" '
        f'data-directed="{"true" if edge.directed else "false"}"><title>{e(title)}</title>'
        f'<path d="{edge.path}"{arrow}/></a>'
    )


def network_edges(drawing: Network, tie_api_url) -> SafeString:
    return mark_safe("\n".join(_edge(edge, tie_api_url) for edge in drawing.edges))


def number(value) -> str:
    """A recorded number as written: 2,500,000, never 2500000.0000."""
    return f"{value.normalize():,f}"


def flow_numbers(flow) -> str:
    """What the transfers' claims record: the total per unit and how many transfers have no number."""
    parts = [
        f"{number(total)} {unit} (recorded for {numbered} of them)" for unit, (numbered, total) in flow.numbers.items()
    ]
    if flow.unknown:
        parts.append(f"{flow.unknown} with no recorded number (quantity unknown)")
    return "; ".join(parts)


def flow_title(flow) -> str:
    transfers = f"{flow.transfers} arms transfer{'' if flow.transfers == 1 else 's'}"
    return f"{flow.supplier.short_name} → {flow.recipient.short_name}: {transfers}; {flow_numbers(flow)}"


def _flow(edge, flow_url) -> str:
    flow = edge.flow
    inactive = "" if edge.active else " inactive"
    weight = f" w{edge.weight}" if edge.weight else " unknown"
    lower, upper = days(flow.lower, flow.upper)
    total = number(edge.total) if edge.total is not None else ""
    return (
        f'<a class="flow{weight}{inactive}" href="{e(flow_url(flow))}" data-flow="{e(flow.key)}" '
        f'data-transfers="{flow.transfers}" data-total="{total}" data-weight="{edge.weight}" '
        f'data-lower="{lower}" data-upper="{upper}"><title>{e(flow_title(flow))}</title>'
        f'<path d="{edge.path}" marker-end="url(#arrow-flow)"/></a>'
    )


def network_flows(drawing: Network, flow_url) -> SafeString:
    return mark_safe("\n".join(_flow(edge, flow_url) for edge in drawing.flows))


def flow_rows(drawing: Network, state_url, flow_url, flow_csv_url) -> SafeString:
    """The table view of the arms transfers: one row per supplier and recipient."""

    def row(edge) -> str:
        flow = edge.flow
        inactive = "" if edge.active else " inactive"
        lower, upper = days(flow.lower, flow.upper)
        period = f"{lower or '?'} – {upper or '?'}" if lower or upper else "dates not stated"
        return (
            f'<tr class="flow-row{inactive}" data-flow="{e(flow.key)}" data-lower="{lower}" data-upper="{upper}">'
            f'<td><a href="{e(state_url(flow.supplier.iso3))}">{e(flow.supplier.short_name)}</a></td>'
            f'<td><a href="{e(state_url(flow.recipient.iso3))}">{e(flow.recipient.short_name)}</a></td>'
            f'<td><a href="{e(flow_url(flow))}">{flow.transfers}</a></td><td>{e(flow_numbers(flow))}</td>'
            f"<td>{e(period)}</td>"
            f'<td><a href="{e(flow_csv_url(flow))}">CSV</a></td></tr>'
        )

    return mark_safe("\n".join(row(edge) for edge in drawing.flows))


def network_rows(drawing: Network, state_url, event_url, tie_api_url) -> SafeString:
    def founding(tie) -> str:
        event = tie.founding_event
        if event is None:
            return ""
        return f'<a href="{e(event_url(event.slug))}">{e(event.title)}</a>'

    def row(edge) -> str:
        tie = edge.tie
        inactive = "" if edge.active else " inactive"
        lower, upper = days(edge.lower, edge.upper)
        return (
            f'<tr class="tie-row{inactive}" data-tie="{e(tie.slug)}" data-lower="{lower}" data-upper="{upper}">'
            f'<td><a href="{e(state_url(tie.state_a_id))}">{e(tie.state_a.short_name)}</a></td>'
            f"<td>{e(tie.get_kind_display())}</td>"
            f'<td><a href="{e(state_url(tie.state_b_id))}">{e(tie.state_b.short_name)}</a></td>'
            f"<td>{e(tie_period(tie))}</td><td>{founding(tie)}</td>"
            f'<td><a href="{e(tie_api_url(tie.slug))}">JSON</a></td></tr>'
        )

    return mark_safe("\n".join(row(edge) for edge in drawing.edges))


def tie_rows(ties, tie_api_url) -> SafeString:
    """A state page's table of its ties."""
    return mark_safe(
        "\n".join(
            f'<tr data-tie="{e(tie.slug)}"><td>{e(tie.state_a.short_name)} – {e(tie.state_b.short_name)}: '
            f"{e(tie.get_kind_display())}</td><td>{e(tie_period(tie))}</td>"
            f'<td><a href="{e(tie_api_url(tie.slug))}">JSON</a></td></tr>'
            for tie in ties
        )
    )


def state_event_rows(events, iso3: str, event_url, event_api_url) -> SafeString:
    """A state page's table of its events: its role in each, and the evidence (claims by stance)."""

    def row(event) -> str:
        roles = " ".join(p.role_label.lower() for p in event.participants if p.state_id == iso3)
        evidence = (
            f"{event.claims_supports} supporting, {event.claims_disputes} disputing, {event.claims_context} context"
        )
        return (
            f'<tr data-event="{e(event.slug)}"><td><a href="{e(event_url(event.slug))}">{e(event.title)}</a></td>'
            f"<td>{e(event.when_display or 'undated')}</td><td>{e(roles)}</td><td>{evidence}</td>"
            f'<td><a href="{e(event_api_url(event.slug))}">JSON</a></td></tr>'
        )

    return mark_safe("\n".join(row(event) for event in events))


def state_claim_rows(claims, event_url, claim_api_url) -> SafeString:
    """A state page's table of the claims about it."""

    def about(claim) -> str:
        if claim.event_id:
            return f'<a href="{e(event_url(claim.event.slug))}">{e(claim.event.title)}</a>'
        return e(claim.relationship) if claim.relationship_id else ""

    return mark_safe(
        "\n".join(
            f'<tr data-claim="{e(claim.slug)}"><td><strong>{e(claim.claimant)}</strong>: {e(claim.statement)}</td>'
            f"<td>{about(claim)}</td><td>{e(claim.get_stance_display())}</td>"
            f"<td>credibility {e(claim.credibility)} · {e(claim.get_assessment_display())}</td>"
            f'<td><a href="{e(claim_api_url(claim.slug))}">JSON</a></td></tr>'
            for claim in claims
        )
    )
