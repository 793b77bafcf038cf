"""Reading the explorer's pages in tests: the elements drawn, by class, with their attributes."""

from html.parser import HTMLParser


class _Collector(HTMLParser):
    def __init__(self, css_class: str):
        super().__init__()
        self.css_class = css_class
        self.found: list[dict[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if self.css_class in attributes.get("class", "").split():
            self.found.append({"tag": tag, **attributes})


def elements(html: bytes | str, css_class: str) -> list[dict[str, str]]:
    """Every element whose class list holds ``css_class``, as its attributes (and ``tag``)."""
    collector = _Collector(css_class)
    collector.feed(html.decode() if isinstance(html, bytes) else html)
    return collector.found


def marks_by_lane(html) -> dict[str, list[str]]:
    """The timeline's marks: ``{lane: [key, ...]}`` in the order drawn."""
    lanes: dict[str, list[str]] = {}
    for mark in elements(html, "mark"):
        lanes.setdefault(mark["data-lane"], []).append(mark["data-key"])
    return lanes
