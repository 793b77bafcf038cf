"""The explorer in chromium, on the CSV fixtures: each page loads, draws what the data holds (marks, lanes,
edges), filters, the slider moves the network and a timeline mark opens its event, with no console error and
no CSP violation. Each page is photographed at 1400 pixels into test-results/explorer-1400/ (and into
docs/screenshots/ with AXISDB_UPDATE_SCREENSHOTS=1) and the browser's drawing time is printed (never asserted).
"""

import io
import os
from itertools import combinations
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from curation.partial_dates import PartialDate
from events.models import Event, Relationship
from events.selectors import relationship_list_public
from explorer.selectors import event_claim_links
from sources.selectors import claim_list_public, source_list_public

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent.parent
WIDTH = 1400
CENTRES = "cs => cs.map(c => [c.getAttribute('cx'), c.getAttribute('cy')])"


@pytest.fixture
def fixtures():
    call_command("import_fixtures", str(ROOT / "fixtures"), verbosity=0, stdout=io.StringIO())


@pytest.fixture
def shots(pytestconfig) -> Path:
    folder = Path(pytestconfig.getoption("--output", "test-results")) / "explorer-1400"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def tab(browser, csp_watch_factory):
    context = browser.new_context(viewport={"width": WIDTH, "height": 900})
    page = context.new_page()
    watch = csp_watch_factory(page)
    yield page, watch
    assert watch.violations() == []
    assert watch.errors() == []
    context.close()


@pytest.fixture
def csp_watch_factory():
    from tests.browser.support import CspWatch

    return CspWatch


def photograph(page, folder: Path, name: str) -> None:
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if os.environ.get("AXISDB_UPDATE_SCREENSHOTS") == "1":  # the README's pictures: the first screen of each
        (ROOT / "docs" / "screenshots").mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ROOT / "docs" / "screenshots" / path.name))


def drawing_time(page, name: str) -> None:
    ms = page.evaluate(
        "() => { const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd - n.startTime; }"
    )
    print(f"\n  {name}: drawn by the browser in {ms:.0f} ms (navigation start to load end)")


def expected_pair_marks() -> tuple[int, int]:
    """(marks in the pair lanes, undated events) of the published events, read from the database."""
    marks = undated = 0
    for event in Event.objects.published().prefetch_related("participants"):
        if event.start is None:
            undated += 1
            continue
        codes = {participant.state_id for participant in event.participants.all()}
        marks += max(1, len(list(combinations(codes, 2))))
    return marks, undated


def test_the_timeline_draws_the_data_filters_and_opens_an_event(live_server, tab, fixtures, shots):
    page, _ = tab
    base = live_server.url
    page.goto(base + "/")
    page.click("text=Timeline")
    expect(page.locator("svg.timeline-svg")).to_be_visible()
    drawing_time(page, "timeline")

    dated_marks, undated = expected_pair_marks()
    assert page.locator(".lane:not(.lane-undated) .mark").count() == dated_marks
    assert page.locator(".lane-undated .mark").count() == undated > 0
    undated_keys = set(Event.objects.published().filter(start__isnull=True).values_list("slug", flat=True))
    assert set(page.locator(".lane-undated .mark").evaluate_all("ms => ms.map(m => m.dataset.key)")) == undated_keys
    assert page.locator("table tbody tr").count() == Event.objects.published().count()
    photograph(page, shots, "timeline")

    # Hover, then keyboard focus, show the title, the date as written and the evidence.
    first = page.locator(".lane:not(.lane-undated) .mark").first
    first.hover()
    expect(page.locator("#tip")).to_be_visible()
    expect(page.locator("#tip")).to_contain_text(first.get_attribute("data-title"))
    page.mouse.move(0, 0)
    first.focus()
    expect(page.locator("#tip")).to_contain_text(first.get_attribute("data-evidence"))

    # Filter: North Korea's events, by domain.
    page.check("input[name=participant][value=PRK]")
    page.select_option("select[name=lanes]", "domain")
    page.click(".filters button[type=submit]")
    page.wait_for_url("**/timeline/?participant=PRK&lanes=domain")
    prk = Event.objects.published().filter(participants__state="PRK").distinct()
    drawn = set(page.locator(".mark").evaluate_all("ms => ms.map(m => m.dataset.key)"))
    assert drawn == set(prk.values_list("slug", flat=True))
    expect(page.locator("a.api-csv")).to_have_attribute("href", "/api/events/?participant=PRK&format=csv")
    photograph(page, shots, "timeline-prk-by-domain")

    # A click on a mark opens its event.
    mark = page.locator(".lane:not(.lane-undated) .mark").first
    key = mark.get_attribute("data-key")
    mark.click()
    page.wait_for_url(f"**{reverse('explorer:event', args=[key])}")
    expect(page.locator("h1")).to_have_text(Event.objects.get(slug=key).title)


def test_the_network_draws_every_tie_and_the_slider_keeps_the_layout(live_server, tab, fixtures, shots):
    page, _ = tab
    base = live_server.url
    page.goto(base + reverse("explorer:network"))
    expect(page.locator("#network")).to_be_visible()
    drawing_time(page, "network")
    ties = Relationship.objects.published()
    assert page.locator(".edge").count() == ties.count()
    directed = [tie for tie in ties if tie.kind in ("arms_supplier", "energy_buyer", "main_trading_partner",
                                                    "diplomatic_backing", "technology_supplier")]  # fmt: skip
    assert page.locator(".edge path[marker-end]").count() == len(directed)
    # Arms transfers: an arrow per supplier and recipient, "quantity unknown" where no claim records a number.
    numbered: dict[str, list[bool]] = {}
    for event in Event.objects.published().filter(type="arms_transfer").prefetch_related("participants"):
        roles = {participant.role: participant.state_id for participant in event.participants.all()}
        claims = claim_list_public(filters={"event": [event.slug]}).filter(stance="supports")
        pair = f"{roles['supplier']}-{roles['recipient']}"
        numbered.setdefault(pair, []).append(claims.filter(quantity_value__isnull=False).exists())
    drawn = page.locator(".flow").evaluate_all("fs => fs.map(f => [f.dataset.flow, f.classList.contains('unknown')])")
    assert dict(drawn) == {pair: not any(numbers) for pair, numbers in numbered.items()}
    assert any(numbers for numbers in numbered.values())  # the fixtures weigh at least one
    expect(page.locator("#flow-key")).to_contain_text("Width: the total")
    states = {code for tie in ties for code in (tie.state_a_id, tie.state_b_id)}
    states |= {code for pair in numbered for code in pair.split("-")}
    assert set(page.locator(".node").evaluate_all("ns => ns.map(n => n.dataset.state)")) == states
    photograph(page, shots, "network")

    positions = page.locator(".node circle").evaluate_all(
        "cs => cs.map(c => [c.getAttribute('cx'), c.getAttribute('cy')])"
    )
    page.locator("#year-slider").fill("2019")
    expect(page.locator("#year-shown")).to_have_text("2019")
    page.wait_for_url("**active_on=2019")
    active = relationship_list_public(filters={"active_on": PartialDate(2019).as_range()})
    shown = page.locator(".edge:not(.inactive)").evaluate_all("es => es.map(e => e.dataset.tie)")
    assert sorted(shown) == sorted(active.values_list("slug", flat=True))
    expect(page.locator("#active-count")).to_have_text(str(len(shown)))
    csv = urlsplit(page.locator("a.api-csv").get_attribute("href"))
    assert (csv.path, dict(parse_qsl(csv.query))) == ("/api/relationships/", {"active_on": "2019", "format": "csv"})
    after = page.locator(".node circle").evaluate_all(CENTRES)
    assert after == positions

    # The URL the slider wrote is the same view, drawn by the server.
    page.reload()
    assert page.locator(".edge:not(.inactive)").count() == len(shown)

    # Filter by kind through the form.
    page.goto(base + reverse("explorer:network"))
    page.select_option("select[name=kind]", "arms_supplier")
    page.click(".filters button[type=submit]")
    page.wait_for_url("**/network/?kind=arms_supplier")
    assert page.locator(".edge").count() == ties.filter(kind="arms_supplier").count()


def test_the_event_state_and_source_pages(live_server, tab, fixtures, shots):
    page, watch = tab
    base = live_server.url
    event = max(Event.objects.published(), key=lambda e: claim_list_public(filters={"event": [e.slug]}).count())
    page.goto(base + reverse("explorer:event", args=[event.slug]))
    drawing_time(page, "event")
    claims = claim_list_public(filters={"event": [event.slug]})
    assert page.locator("article.claim").count() == claims.count() > 0
    for stance in ("supports", "disputes", "context"):
        assert (
            page.locator(f"section[data-stance={stance}] article.claim").count() == claims.filter(stance=stance).count()
        )
    links, _ = event_claim_links(list(claims))
    assert page.locator("#claim-links .link").count() == len(links)  # 0: no graph is drawn
    photograph(page, shots, "event")

    page.click("dd a[href^='/states/']")
    expect(page.locator("h1")).to_be_visible()
    drawing_time(page, "state")
    photograph(page, shots, "state")

    source = max(source_list_public(), key=lambda s: claim_list_public(filters={"source": s.slug}).count())
    page.goto(base + reverse("explorer:source", args=[source.slug]))
    drawing_time(page, "source")
    assert (
        page.locator("table.claims tbody tr[data-claim]").count()
        == claim_list_public(filters={"source": source.slug}).count()
    )
    photograph(page, shots, "source")

    page.goto(base + "/")
    photograph(page, shots, "home")

    # An unknown record: the styled 404 page, with its status.
    response = page.goto(base + reverse("explorer:event", args=["no-such-event"]))
    assert response.status == 404
    expect(page.locator(".error-detail")).to_have_text("No published event has this key.")
    photograph(page, shots, "not-found")
    # Chromium logs the 404 status itself as a console error; any other error still fails the test.
    watch.console[:] = watch.errors(ignore=("status of 404",))
