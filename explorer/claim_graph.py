"""The small graph of how an event's claims bear on each other: corroborates, contradicts, derives from...

Claims are nodes in columns by stance (supports, context, disputes), then a column
of the claims about other subjects that a link reaches; each column in the order of
the page, so that the drawing is the same on every load. A link is an arrow from the
claim that says something to the claim it says it of, coloured and dashed by kind.
"""

from dataclasses import dataclass

COLUMN_WIDTH = 220
ROW_HEIGHT = 46
TOP = 30
NODE_WIDTH = 180
NODE_HEIGHT = 30
COLUMNS = ("supports", "context", "disputes", "other")
COLUMN_LABELS = {"supports": "Supports", "context": "Context", "disputes": "Disputes", "other": "Other subjects"}


@dataclass
class ClaimNode:
    key: str
    label: str
    column: str
    x: float = 0
    y: float = 0
    circular: bool = False

    @property
    def centre_y(self) -> float:
        return self.y + NODE_HEIGHT / 2

    @property
    def text_y(self) -> float:
        return self.y + NODE_HEIGHT / 2 + 4


@dataclass
class LinkEdge:
    source: str
    target: str
    kind: str
    label: str
    path: str


@dataclass
class ClaimGraph:
    nodes: list[ClaimNode]
    edges: list[LinkEdge]
    headings: list[tuple[float, str]]
    width: float
    height: float


def short(text: str, length: int = 24) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def build(claims: list, others: list, links: list) -> ClaimGraph | None:
    """``claims`` of the event, ``others`` (claims elsewhere that a link reaches), ``links`` as
    ``(from_key, to_key, kind, kind_label)``; None when there is no link to draw."""
    if not links:
        return None
    nodes: dict[str, ClaimNode] = {}
    for claim in claims:
        column = claim.stance if claim.stance in COLUMNS else "context"
        circular = bool(getattr(claim, "circular_reporting", False))
        nodes[claim.slug] = ClaimNode(claim.slug, short(claim.claimant), column, circular=circular)
    for claim in others:
        nodes.setdefault(claim.slug, ClaimNode(claim.slug, short(claim.claimant), "other"))
    used = [column for column in COLUMNS if any(node.column == column for node in nodes.values())]
    rows = dict.fromkeys(used, 0)
    for node in nodes.values():
        node.x = 10 + used.index(node.column) * COLUMN_WIDTH
        node.y = TOP + rows[node.column] * ROW_HEIGHT
        rows[node.column] += 1
    edges = []
    for source, target, kind, label in links:
        if source in nodes and target in nodes:
            edges.append(LinkEdge(source, target, kind, label, path(nodes[source], nodes[target])))
    headings = [(10 + index * COLUMN_WIDTH, COLUMN_LABELS[column]) for index, column in enumerate(used)]
    height = TOP + max(rows.values(), default=1) * ROW_HEIGHT + 10
    return ClaimGraph(list(nodes.values()), edges, headings, 20 + len(used) * COLUMN_WIDTH, height)


def path(start: ClaimNode, end: ClaimNode) -> str:
    """From the side of ``start`` facing ``end`` to the facing side of ``end``; within a column, a loop to the right."""
    if start.column == end.column:
        x = start.x + NODE_WIDTH
        bend = x + 30 + abs(end.y - start.y) / 4
        return bezier((x, start.centre_y), (bend, start.centre_y), (bend, end.centre_y), (x + 2, end.centre_y))
    if start.x < end.x:
        x1, x2 = start.x + NODE_WIDTH, end.x
    else:
        x1, x2 = start.x, end.x + NODE_WIDTH
    middle = (x1 + x2) / 2
    return bezier((x1, start.centre_y), (middle, start.centre_y), (middle, end.centre_y), (x2, end.centre_y))


def bezier(start, control1, control2, end) -> str:
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (control1, control2, end))
    return f"M{start[0]:.1f},{start[1]:.1f} C{points}"
