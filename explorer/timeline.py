"""The timeline drawing: events placed on a time axis, in lanes, at the precision of their dates.

A day is a point; a month, a year or a period (start to end) is a bar across
the days it covers; an approximate date is drawn faded and dashed. An undated
event is never placed at a guessed date: it sits in the lane "Undated", in a
row of its own. Everything is computed here from the rows of one page, as
numbers in SVG user units, so that the template only draws.
"""

import datetime
from dataclasses import dataclass, field
from itertools import combinations

LABEL_WIDTH = 190
PLOT_WIDTH = 1080
LANE_HEIGHT = 26
AXIS_HEIGHT = 26
MIN_BAR = 3.0
UNDATED_STEP = 16
UNDATED_LANE = "undated"
NO_DOMAIN = "none"


@dataclass(frozen=True)
class Label:
    """What a mark says on hover or focus, and where a click goes."""

    url: str
    title: str
    when: str
    evidence: str


@dataclass
class Mark:
    event: object
    label: Label
    lane: str
    x: float
    y: float
    width: float  # 0 for a point (a single day)
    approximate: bool
    precision: str

    @property
    def top(self) -> float:
        """The top of a bar (12 units high) or of an undated diamond (10 units)."""
        return self.y - (5 if self.shape == "undated" else 6)

    @property
    def centre_x(self) -> float:
        return self.x + 5

    @property
    def shape(self) -> str:
        if self.lane == UNDATED_LANE:
            return "undated"
        return "point" if self.width == 0 else "bar"


@dataclass
class Lane:
    key: str
    label: str
    y: float = 0
    height: float = LANE_HEIGHT
    marks: list[Mark] = field(default_factory=list)

    @property
    def label_y(self) -> float:
        return self.y + self.height / 2 + 4


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class Drawing:
    lanes: list[Lane]
    ticks: list[Tick]
    width: int
    height: float
    first: datetime.date | None
    last: datetime.date | None

    @property
    def marks(self) -> list[Mark]:
        return [mark for lane in self.lanes for mark in lane.marks]

    @property
    def plot_right(self) -> int:
        return LABEL_WIDTH + PLOT_WIDTH


def event_days(record, open_end: datetime.date | None = None) -> tuple[datetime.date, datetime.date] | None:
    """The first and last day a record covers, at its precision; None when undated.

    Without an end, a record ends with its start; a tie (``open_end``: today) still holds.
    """
    if record.start is None:
        return None
    if record.end is None and open_end is not None:
        return record.start.lower, max(open_end, record.start.upper)
    return record.start.lower, (record.end or record.start).upper


def pair_lanes(event, names: dict[str, str]) -> list[tuple[str, str]]:
    """``(key, label)`` of each pair of the event's participants (or its one participant alone)."""
    codes = sorted({participant.state_id for participant in event.participants})
    if len(codes) == 1:
        return [(codes[0], f"{names.get(codes[0], codes[0])} alone")]
    return [(f"{a}-{b}", f"{names.get(a, a)} – {names.get(b, b)}") for a, b in combinations(codes, 2)]


def domain_lanes(event, labels: dict[str, str]) -> list[tuple[str, str]]:
    if not event.domains:
        return [(NO_DOMAIN, "No domain given")]
    return [(domain, labels.get(domain, domain)) for domain in event.domains]


def draw(events: list, lane_of, describe, *, open_end: datetime.date | None = None, undated: str = "Undated"):
    """Lay out ``events``: ``lane_of(event)`` lists its lanes as ``(key, label)``; ``describe(event)`` its Label.

    Ties pass ``open_end`` (today: a tie without an end still holds) and their own
    name of the lane of the records without a date.
    """
    spans = [days for event in events if (days := event_days(event, open_end))]
    first = min((lower for lower, _ in spans), default=None)
    last = max((upper for _, upper in spans), default=None)
    if first is not None:
        first = datetime.date(first.year, 1, 1)
        last = datetime.date(last.year, 12, 31)
    total = ((last - first).days + 1) if first else 1

    def x_of(day: datetime.date) -> float:
        return LABEL_WIDTH + (day - first).days / total * PLOT_WIDTH

    lanes: dict[str, Lane] = {}
    undated_lane = Lane(UNDATED_LANE, undated)
    for event in events:
        days = event_days(event, open_end)
        label = describe(event)
        if days is None:
            undated_lane.marks.append(Mark(event, label, UNDATED_LANE, 0, 0, 0, False, ""))
            continue
        lower, upper = days
        precision = event.start.precision if event.end is None and open_end is None else "period"
        approximate = bool(event.start_approximate or event.end_approximate)
        x = x_of(lower)
        width = 0.0 if lower == upper else max(MIN_BAR, x_of(upper + datetime.timedelta(days=1)) - x)
        for key, lane_label in lane_of(event):
            lane = lanes.setdefault(key, Lane(key, lane_label))
            lane.marks.append(Mark(event, label, key, x, 0, width, approximate, precision))

    ordered = [lanes[key] for key in sorted(lanes, key=lambda key: lanes[key].label)]
    if undated_lane.marks:
        ordered.append(undated_lane)
    y = AXIS_HEIGHT
    per_row = PLOT_WIDTH // UNDATED_STEP
    for lane in ordered:
        lane.y = y
        if lane.key == UNDATED_LANE:
            rows = (len(lane.marks) + per_row - 1) // per_row
            lane.height = max(LANE_HEIGHT, rows * UNDATED_STEP + 10)
            for index, mark in enumerate(lane.marks):
                mark.x = LABEL_WIDTH + 8 + (index % per_row) * UNDATED_STEP
                mark.y = y + 5 + (index // per_row) * UNDATED_STEP + UNDATED_STEP / 2
        else:
            for mark in lane.marks:
                mark.y = y + LANE_HEIGHT / 2
        y += lane.height
    axis = ticks(first, last, x_of) if first else []
    return Drawing(ordered, axis, LABEL_WIDTH + PLOT_WIDTH + 10, y + 4, first, last)


def ticks(first: datetime.date, last: datetime.date, x_of) -> list[Tick]:
    """A tick on the first of January of every year, or every 2, 5, 10... years: at most about 12."""
    years = last.year - first.year + 1
    step = next(step for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if years / step <= 12)
    start = first.year + (-first.year) % step
    return [Tick(x_of(datetime.date(year, 1, 1)), str(year)) for year in range(start, last.year + 1, step)]
