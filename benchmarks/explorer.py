"""The explorer's pages on the seeded volume: server-side render time and queries (figures, never pass/fail).

Rows are what the page draws: the timeline's marks, the network's edges, the claims of an
event or a source, the rows of a state page's lists.
"""


def drawn(http, url: str, marker: bytes) -> int:
    return http.get(url).content.count(marker)


def explorer_benchmarks(bench, http, *, title: str = "Explorer pages (server-side render, HTML)") -> None:
    from events.models import Event
    from sources.models import Claim, Source

    bench.section(title)
    for label, query in (
        ("", ""),
        ("?lanes=domain", "?lanes=domain"),
        ("?participant=PRK,RUS", "?participant=PRK,RUS"),
        ("?from=2024-03&to=2024-06", "?from=2024-03&to=2024-06"),
    ):
        url = f"/timeline/{query}"
        bench.measure(f"explorer timeline {label}".rstrip(), lambda url=url: drawn(http, url, b'<a class="mark '))
    for label, query in (("", ""), ("?active_on=2024", "?active_on=2024"), ("?state=PRK", "?state=PRK")):
        url = f"/network/{query}"
        bench.measure(f"explorer network {label}".rstrip(), lambda url=url: drawn(http, url, b'<a class="edge '))
    event = (
        Claim.objects.public().exclude(event=None).order_by("event__slug").values_list("event__slug", flat=True).first()
    )
    if event is None:
        event = Event.objects.published().values_list("slug", flat=True).first()
    source = Claim.objects.public().order_by("slug").values_list("citations__source__slug", flat=True).first()
    source = source or Source.objects.published().values_list("slug", flat=True).first()
    for label, url, marker in (
        ("event page", f"/events/{event}/", b'<article class="claim"'),
        ("state page PRK", "/states/PRK/", b"<tr data-"),
        ("source page", f"/sources/{source}/", b"<tr data-claim="),
    ):
        bench.measure(f"explorer {label}", lambda url=url, marker=marker: drawn(http, url, marker))
