"""The editor's daily task in chromium (issue 12, "Done when"): add one source, one event with
two participants, one claim with a citation and one relationship, counting the pages loaded
and the saves that failed: at most 8 pages and no failed save.

Then, at 1400 pixels, the event, claim and restore-preview pages and the claims and
relationships lists are photographed into test-results/admin-1400/ and measured: no list
column cut off, no button over a heading.
"""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from curation.history.queries import record_versions
from events.models import Event, Relationship
from sources.models import Citation, Claim, Source
from tests.browser.support import CspWatch, admin_login, autocomplete
from tests.factories import make_claim, make_event, make_relationship, make_source, make_state, make_user

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-Browser-5a9c"
WIDTH = 1400
LONG_TITLE = (
    "North Korean troops deployed to Russia's Kursk region to fight alongside Russian forces "
    "against the Ukrainian incursion, the first such deployment in decades"
)


class PageLoads:
    """Every page the browser context loaded (tabs and pop-ups), and every save that failed.

    A page load is one navigation of a tab or pop-up: following a link, submitting a form
    (with the redirect that may follow it: the browser shows one page), opening a pop-up,
    saving in it (the page it answers with, which closes it).
    """

    def __init__(self, context):
        self.urls: list[str] = []
        self.failed_saves: list[str] = []
        context.on("request", self._request)

    def _request(self, request):
        if not request.is_navigation_request() or request.redirected_from is not None:
            return
        try:
            in_a_frame = request.frame.parent_frame is not None
        except Exception:  # a pop-up's first navigation, issued before its frame exists
            in_a_frame = False
        if not in_a_frame:
            self.urls.append(f"{request.method} {request.url}")

    def save(self, page, button="input[name=_save]"):
        """Click a save button; a page that comes back with errors is a failed save."""
        page.click(button)
        page.wait_for_load_state()
        if page.locator(".errornote, .errorlist").count():
            self.failed_saves.append(f"{page.url}: {page.locator('.errornote, .errorlist').first.inner_text()}")


def boxes_overlap(a, b) -> bool:
    return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"] or
                a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])  # fmt: skip


def assert_heading_clear(page):
    """The page's headings do not run under its buttons (History, Import, Add...)."""
    tools = page.locator("ul.object-tools")
    for heading in page.locator("#content > h1, #content > h2").all():
        for tool in tools.all():
            assert not boxes_overlap(heading.bounding_box(), tool.bounding_box()), "a button covers a heading"


def assert_fits(page, selector):
    """Nothing in ``selector`` is wider than its box, and its right edge is inside the window."""
    widths = page.locator(selector).evaluate("e => [e.scrollWidth, e.clientWidth, e.getBoundingClientRect().right]")
    scroll_width, client_width, right = widths
    assert scroll_width <= client_width, f"{selector} is cut off: {scroll_width} px of content in {client_width} px"
    assert right <= WIDTH, f"{selector} ends at {right} px, beyond the {WIDTH} px window"


def photograph(page, folder: Path, name: str) -> Path:
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def shots(pytestconfig) -> Path:
    folder = Path(pytestconfig.getoption("--output", "test-results")) / "admin-1400"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_the_editors_task_takes_at_most_8_pages_and_no_failed_save(live_server, browser, shots):
    base = live_server.url
    make_state("PRK")
    make_state("RUS")
    make_user("edith", role="Editor", password=PASSWORD)
    context = browser.new_context(viewport={"width": WIDTH, "height": 900})
    page = context.new_page()
    watch = CspWatch(page)
    admin_login(page, base, "edith", PASSWORD)
    loads = PageLoads(context)  # counting starts once the editor is at the index

    # 1. The event, with two participants.
    page.goto(base + reverse("admin:events_event_add"))
    page.locator("#id_title").press_sequentially(LONG_TITLE[:60])
    page.fill("#id_title", LONG_TITLE)
    page.select_option("#id_type", "troop_deployment")
    page.check("input[name=domains][value=military]")
    expect(page.locator("#id_start")).to_have_attribute("placeholder", "YYYY, YYYY-MM or YYYY-MM-DD")
    page.fill("#id_start", "2024-10")
    autocomplete(page, "#participants-0 .field-state", "Korea", "North Korea")
    page.select_option("#id_participants-0-role", "supplier")
    page.click("#participants-group .add-row a")
    autocomplete(page, "#participants-1 .field-state", "Rus", "Russia")
    page.select_option("#id_participants-1-role", "recipient")
    loads.save(page, "button[name=_follow_up]:has-text('Save and add a claim about it')")
    event = Event.objects.get()
    assert event.participants.count() == 2

    # 2. A claim about it, citing a source added on the way.
    expect(page.locator(".field-event .select2-selection__rendered")).to_contain_text("North Korean troops")
    page.locator("#id_statement").press_sequentially("North Korea has sent troops to fight for Russia in Kursk.")
    expect(page.locator("#id_slug")).to_have_value("north-korea-has-sent-troops-to-fight-for")
    page.fill("#id_claimant", "South Korean intelligence")
    with page.expect_popup() as opened:
        page.click("#add_id_citations-0-source")
    popup = opened.value
    popup.locator("#id_title").press_sequentially("Reuters report on North Korean troops")
    popup.select_option("#id_kind", "news_article")
    popup.fill("#id_publisher", "Reuters")
    popup.fill("#id_authors", "Jane Doe; John Roe")
    popup.select_option("#id_reliability", "B")
    popup.fill("#id_published", "2024-10")
    with popup.expect_event("close"):
        popup.click("input[name=_save]")
    expect(page.locator("#citations-0 .field-source .select2-selection__rendered")).to_contain_text(
        "Reuters report on North Korean troops"
    )
    page.fill("#id_citations-0-quote", "North Korean soldiers are fighting alongside Russian forces in Kursk.")
    loads.save(page)
    expect(page.locator(".messagelist .success")).to_contain_text("was added")
    assert page.url.endswith(reverse("admin:events_event_change", args=[event.pk]))  # back at the event

    # 3. The relationship.
    page.goto(base + reverse("admin:events_relationship_add"))
    page.select_option("#id_kind", "comprehensive_strategic_partnership")
    autocomplete(page, ".fieldBox.field-state_a", "Rus", "Russia")
    autocomplete(page, ".fieldBox.field-state_b", "Korea", "North Korea")
    page.fill("#id_start", "2024-06")
    expect(page.locator("#id_slug")).to_have_value("rus-prk-comprehensive-strategic-partnership-2024")
    loads.save(page)

    print(f"\neditor's task: {len(loads.urls)} page loads, {len(loads.failed_saves)} failed saves")
    for url in loads.urls:
        print("  ", url.replace(base, ""))
    assert loads.failed_saves == []
    assert len(loads.urls) <= 8, loads.urls

    # The event's page offers the same from there: "Add a claim about this event".
    page.goto(base + reverse("admin:events_event_change", args=[event.pk]))
    page.click("text=Add a claim about this event")
    expect(page.locator(".field-event .select2-selection__rendered")).to_contain_text("North Korean troops")

    source = Source.objects.get()
    assert source.authors == ["Jane Doe", "John Roe"] and source.reliability == "B"
    claim = Claim.objects.get()
    assert claim.event == event and claim.citations.get().source == source
    assert Relationship.objects.values_list("state_a", "state_b", "kind").get() == (
        "PRK",
        "RUS",
        "comprehensive_strategic_partnership",
    )
    assert all(record.status == "draft" for record in (event, claim, source, Relationship.objects.get()))

    # --- 1400 pixels: the event and claim pages -----------------------------------------------
    page.goto(base + reverse("admin:events_event_change", args=[event.pk]))
    assert_heading_clear(page)
    assert_fits(page, "#content-main")
    photograph(page, shots, "event")
    page.goto(base + reverse("admin:sources_claim_change", args=[claim.pk]))
    expect(page.locator("#citations-0")).to_contain_text("reliability B - usually reliable")
    assert_heading_clear(page)
    assert_fits(page, "#content-main")
    photograph(page, shots, "claim")
    # keys.js and the pop-up under the CSP (a pop-up asks for a favicon the site has none of)
    assert watch.violations() == [] and watch.errors(ignore=("favicon.ico",)) == []
    context.close()


def test_at_1400_pixels_lists_fit_headings_wrap_and_the_restore_preview_reads(live_server, browser, shots):
    base = live_server.url
    make_user("rita", role="Reviewer", password=PASSWORD)
    event = make_event(
        title=LONG_TITLE,
        participants={"PRK": "supplier", "RUS": "recipient"},
        start=None,
        place="Kursk region, Russia",
    )
    for n in range(3):
        make_claim(
            event=event,
            statement="North Korea has supplied Russia with roughly 2.5 million rounds of artillery ammunition "
            f"and dozens of ballistic missiles since the summer of 2023 (estimate {n}).",
            claimant="South Korea's National Intelligence Service, briefing lawmakers in Seoul",
            quantity_value=2500000,
            quantity_lower=2000000,
            quantity_upper=3000000,
            quantity_unit="rounds of artillery ammunition",
            states=["PRK", "RUS", "UKR", "KOR"],
            sources=[make_source(title=f"Reuters report on North Korean ammunition {n}")],
        )
    treaty = make_event(title="Treaty on comprehensive strategic partnership between Russia and North Korea")
    make_relationship("PRK", "RUS", kind="comprehensive_strategic_partnership", founding_event=treaty)
    make_relationship("PRK", "RUS", kind="technology_supplier", summary="Space and missile technology.")
    claim = Claim.objects.order_by("pk").first()
    Citation.objects.filter(claim=claim).update(locator="paragraph 14, after the map")  # later changes
    Claim.objects.filter(pk=claim.pk).update(statement="North Korea has supplied Russia with shells.")

    context = browser.new_context(viewport={"width": WIDTH, "height": 900})
    page = context.new_page()
    watch = CspWatch(page)
    admin_login(page, base, "rita", PASSWORD)
    for name, url in [
        ("claims-list", reverse("admin:sources_claim_changelist")),
        ("relationships-list", reverse("admin:events_relationship_changelist")),
        ("events-list", reverse("admin:events_event_changelist")),
    ]:
        page.goto(base + url)
        assert_fits(page, "#changelist .results")
        expect(page.locator("#changelist thead th").last).to_be_in_viewport()
        assert_heading_clear(page)
        photograph(page, shots, name)

    page.goto(base + reverse("admin:events_event_change", args=[event.pk]))
    expect(page.locator("#content > h2")).to_contain_text("(undated)")
    assert_heading_clear(page)
    photograph(page, shots, "event-long-heading")

    # Each factory write is a change of its own: the claim, its state links, its citation, then
    # the two later changes. The version before those is the one to restore.
    wanted = len(record_versions(Claim, claim.pk)) - 2
    page.goto(base + reverse("admin:sources_claim_history", args=[claim.pk]))
    page.locator(f"tr[data-version='{wanted}'] .restore-version").click()
    expect(page.locator("#restore-changes")).to_contain_text("North Korea has supplied Russia with shells.")
    expect(page.locator("#restore-parts")).to_contain_text("paragraph 14, after the map")
    expect(page.locator(".restore-confirm input[type=submit]")).to_be_visible()
    assert_heading_clear(page)
    assert_fits(page, "#content-main")
    for table in ("#restore-changes", "#restore-parts"):
        assert_fits(page, table)
    photograph(page, shots, "restore-preview")
    page.click(".restore-confirm input[type=submit]")
    expect(page.locator(".messagelist .success")).to_contain_text(f"was restored to version {wanted}")
    claim.refresh_from_db()
    assert claim.citations.get().locator == "para 1"
    assert watch.violations() == [] and watch.errors(ignore=("favicon.ico",)) == []
    context.close()
