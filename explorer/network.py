"""The network drawing: states as nodes on a fixed layout, ties as edges between them.

The layout depends only on which states the drawn ties involve, never on the
date chosen: the four axis members sit on an inner ring, every other state on an
outer ring, each ring in the order of ISO codes, so that a node stays in place
as the time slider moves. Several ties between one pair are drawn as curves
side by side.
"""

import datetime
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from events.choices import DIRECTED_RELATIONSHIP_KINDS

WIDTH = 1000
HEIGHT = 620
INNER = 170
OUTER = 280
NODE_RADIUS = 22
CURVE_SPACING = 26
#: Arms transfers are drawn in this many widths, on a square-root scale of the largest total shown.
WIDTHS = 6


@dataclass
class Node:
    state: object
    x: float
    y: float

    @property
    def label_y(self) -> float:
        return self.y + 4


@dataclass
class Edge:
    tie: object
    path: str
    directed: bool
    active: bool
    lower: datetime.date | None
    upper: datetime.date | None


@dataclass
class FlowEdge:
    """Arms transfers from one state to another (``explorer.selectors.Flow``), drawn as wide as their total in
    the drawing's unit; ``weight`` 0 when they record no number in it (the quantity is unknown)."""

    flow: object
    path: str
    active: bool
    weight: int
    total: Decimal | None


@dataclass
class Scale:
    """What an arms transfer's width means: its total in ``unit``, width ``k`` covering ``(lower, upper]``."""

    unit: str
    largest: Decimal
    steps: list[tuple[int, Decimal, Decimal]] = field(default_factory=list)


@dataclass
class Network:
    nodes: list[Node]
    edges: list[Edge]
    width: int = WIDTH
    height: int = HEIGHT
    first_year: int = 2000
    last_year: int = 2000
    flows: list[FlowEdge] = field(default_factory=list)
    scale: Scale | None = None

    @property
    def active_edges(self) -> list[Edge]:
        return [edge for edge in self.edges if edge.active]


def tie_days(tie) -> tuple[datetime.date | None, datetime.date | None]:
    """The first and last day of a tie; None where the documents give no date (open)."""
    return (tie.start.lower if tie.start else None, tie.end.upper if tie.end else None)


def is_active(lower, upper, window: tuple[datetime.date, datetime.date] | None) -> bool:
    if window is None:
        return True
    return (lower is None or lower <= window[1]) and (upper is None or upper >= window[0])


def ring(states: list, radius: float) -> list[Node]:
    centre_x, centre_y = WIDTH / 2, HEIGHT / 2
    nodes = []
    for index, state in enumerate(states):
        angle = -math.pi / 2 + 2 * math.pi * index / max(len(states), 1)
        nodes.append(Node(state, centre_x + radius * math.cos(angle), centre_y + radius * math.sin(angle)))
    return nodes


def scale_of(flows: list) -> Scale | None:
    """The unit most transfers record a number in (the widths compare totals in that unit only), and the
    widths' steps: width ``k`` of ``WIDTHS`` covers totals up to ``largest * (k / WIDTHS) ** 2``."""
    counts = Counter()
    for flow in flows:
        for unit, (numbered, _) in flow.numbers.items():
            counts[unit] += numbered
    if not counts:
        return None
    unit = min(counts, key=lambda name: (-counts[name], name))
    largest = max(flow.numbers[unit][1] for flow in flows if unit in flow.numbers)
    bounds = [largest * Decimal(k * k) / (WIDTHS * WIDTHS) for k in range(WIDTHS + 1)]
    return Scale(unit, largest, [(k, bounds[k - 1], bounds[k]) for k in range(1, WIDTHS + 1)])


def weight(total: Decimal | None, scale: Scale | None) -> int:
    """The width step of ``total`` (1 to ``WIDTHS``), or 0 when no number is known in the scale's unit."""
    if total is None or scale is None or scale.largest <= 0:
        return 0
    return min(WIDTHS, max(1, math.ceil(WIDTHS * math.sqrt(total / scale.largest))))


def layout(
    ties: list,
    *,
    on: tuple[datetime.date, datetime.date] | None,
    today: datetime.date | None = None,
    flows: list = (),
):
    """Nodes and edges of ``ties`` and ``flows`` (arms transfers); ``on`` (first and last day) marks which
    ties are active then."""
    states = {}
    for tie in [*ties, *flows]:
        states[tie.state_a_id] = tie.state_a
        states[tie.state_b_id] = tie.state_b
    ordered = sorted(states.values(), key=lambda state: state.iso3)
    nodes = ring([s for s in ordered if s.is_axis_member], INNER) + ring(
        [s for s in ordered if not s.is_axis_member], OUTER
    )
    where = {node.state.iso3: node for node in nodes}
    by_pair = defaultdict(list)
    for tie in [*ties, *flows]:
        by_pair[tuple(sorted((tie.state_a_id, tie.state_b_id)))].append(tie)
    scale = scale_of(list(flows))
    edges, flow_edges = [], []
    for pair, pair_ties in by_pair.items():
        for index, tie in enumerate(pair_ties):
            offset = (index - (len(pair_ties) - 1) / 2) * CURVE_SPACING
            # Bow to the same side of the pair's line whichever way the tie points.
            offset = offset if pair[0] == tie.state_a_id else -offset
            path = curve(where[tie.state_a_id], where[tie.state_b_id], offset)
            if hasattr(tie, "transfers"):
                total = tie.numbers[scale.unit][1] if scale and scale.unit in tie.numbers else None
                active = is_active(tie.lower, tie.upper, on)
                flow_edges.append(FlowEdge(tie, path, active, weight(total, scale), total))
                continue
            lower, upper = tie_days(tie)
            edges.append(
                Edge(
                    tie,
                    path,
                    tie.kind in DIRECTED_RELATIONSHIP_KINDS,
                    is_active(lower, upper, on),
                    lower,
                    upper,
                )
            )
    years = [day.year for edge in edges for day in (edge.lower, edge.upper) if day]
    years += [day.year for edge in flow_edges for day in (edge.flow.lower, edge.flow.upper) if day]
    last_year = (today or datetime.date.today()).year
    # The slider spans the ties' dates, and at least the last ten years.
    first_year = min([*years, last_year - 10])
    return Network(
        nodes, edges, first_year=first_year, last_year=max([*years, last_year]), flows=flow_edges, scale=scale
    )


def curve(start: Node, end: Node, offset: float) -> str:
    """An SVG path from ``start`` to ``end``, bowed ``offset`` units sideways, ending at the end node's rim."""
    dx, dy = end.x - start.x, end.y - start.y
    length = math.hypot(dx, dy) or 1
    normal_x, normal_y = -dy / length, dx / length
    control_x = (start.x + end.x) / 2 + normal_x * offset * 2
    control_y = (start.y + end.y) / 2 + normal_y * offset * 2
    # Stop at the rim of the end node, so that an arrow head shows.
    back_x, back_y = end.x - control_x, end.y - control_y
    back = math.hypot(back_x, back_y) or 1
    tip_x = end.x - back_x / back * NODE_RADIUS
    tip_y = end.y - back_y / back * NODE_RADIUS
    return f"M{start.x:.1f},{start.y:.1f} Q{control_x:.1f},{control_y:.1f} {tip_x:.1f},{tip_y:.1f}"
