"""Under the Content-Security-Policy the admin (lists, forms with inlines and
autocomplete, history, retract, import preview, export) and the API docs (Swagger
UI, Redoc) work in chromium without a single violation."""

import re
from pathlib import Path

import pytest
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect

from tests.browser.support import admin_login
from tests.factories import make_claim, make_event, make_source, make_user
from tests.jobs_support import worker_process

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent.parent
PASSWORD = "pw-Browser-5a9c"


@pytest.fixture
def data():
    event = make_event(title="China-Iran-Russia naval exercise", participants={"CHN": "participant", "IRN": "host"})
    claim = make_claim(event=event, sources=[make_source(title="Reuters report")], status="draft")
    make_user("rita", role="Reviewer", password=PASSWORD)
    return {"event": event, "claim": claim}


def url_or_none(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def test_the_watch_sees_a_violation(live_server, page, csp_watch):
    """Control: an inline script without the nonce is blocked and reported."""
    page.goto(f"{live_server.url}/admin/login/")
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = '1'; document.body.append(s); }")
    page.wait_for_timeout(200)
    assert any("script-src" in v for v in csp_watch.violations())


def test_the_admin_works_without_csp_violations(live_server, page, csp_watch, data):
    base = live_server.url
    page.goto(f"{base}/admin/login/")
    admin_login(page, base, "rita", PASSWORD)

    for path in [
        "/admin/",
        reverse("admin:events_event_changelist"),
        reverse("admin:events_event_change", args=[data["event"].pk]),
        reverse("admin:events_event_history", args=[data["event"].pk]),
        reverse("admin:sources_claim_change", args=[data["claim"].pk]),
        reverse("admin:sources_source_changelist"),
    ]:
        page.goto(base + path)
        expect(page.locator("#content")).to_be_visible()

    # A form with an inline and autocomplete (select2, loading choices over fetch).
    page.goto(base + reverse("admin:events_event_add"))
    page.click(".add-row a")
    page.locator(".select2-selection").first.click()
    page.locator(".select2-search__field").fill("Chi")
    expect(page.locator(".select2-results__option", has_text="China")).to_be_visible()
    page.keyboard.press("Escape")

    # The retract action's confirmation page.
    page.goto(base + reverse("admin:sources_claim_changelist"))
    page.locator("input.action-select").first.check()
    page.select_option("select[name=action]", "retract_selected")
    page.click("button[name=index]")
    expect(page.locator("textarea[name=retraction_reason]")).to_be_visible()

    assert csp_watch.violations() == []
    assert csp_watch.errors() == []


def test_the_import_preview_and_export_pages_work_without_csp_violations(live_server, page, csp_watch, data):
    import_url = url_or_none("admin:events_state_import")
    if import_url is None:
        pytest.skip("the admin CSV import is not installed")
    base = live_server.url
    admin_login(page, base, "rita", PASSWORD)

    page.goto(base + import_url)
    page.set_input_files("input[type=file]", str(ROOT / "fixtures" / "states.csv"))
    with worker_process():  # the rows are checked by the background worker
        page.locator("#content form input[type=submit]").first.click()
        expect(page.locator(".job-progress, #content table").first).to_be_visible()  # progress, then the preview
        expect(page.locator("#content table").first).to_be_visible(timeout=60000)  # the page reloads itself
        expect(page.locator("form[action*=process_import] input[type=submit]")).to_be_visible()  # confirm

    page.goto(base + reverse("admin:events_event_export"))
    expect(page.locator("#content form")).to_be_visible()

    assert csp_watch.violations() == []


def test_the_api_docs_work_without_csp_violations(live_server, page, csp_watch, data):
    swagger, redoc = url_or_none("api:docs"), url_or_none("api:redoc")
    if swagger is None or redoc is None:
        pytest.skip("the API documentation pages are not installed")
    base = live_server.url

    page.goto(base + swagger)
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("axisdb API")
    page.locator(".opblock-summary").first.click()  # expand an operation
    expect(page.locator(".opblock-body").first).to_be_visible()

    page.goto(base + redoc)
    expect(page.locator("h1", has_text=re.compile("axisdb API"))).to_be_visible(timeout=20000)
    page.wait_for_timeout(500)  # Redoc's search worker starts after the first render

    assert csp_watch.violations() == []
    # Redocly's logo comes from its CDN, unreachable where the tests run offline. Chromium sometimes asks
    # for a favicon, which the site has none of (its 404 is no fault of the page).
    assert csp_watch.errors(ignore=("cdn.redoc.ly", "favicon.ico")) == []
