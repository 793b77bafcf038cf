"""The editorial flow in chromium: an editor creates an event with two participants and
a claim with a citation and cannot publish; a reviewer publishes; the API then shows
both; the history page lists both changes with their users."""

import pytest
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect

from events.models import Event
from sources.models import Claim
from tests.browser.support import admin_login
from tests.factories import make_source, make_state, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-Browser-5a9c"


def autocomplete(page, container: str, text: str, choice: str) -> None:
    """Pick ``choice`` in the admin's select2 autocomplete inside ``container``."""
    page.locator(f"{container} .select2-selection").click()
    page.locator(".select2-dropdown .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=choice).click()


def api_url(name, key):
    try:
        return reverse(name, kwargs={"slug": key})
    except NoReverseMatch:
        return None


def test_editor_creates_reviewer_publishes_api_shows_history_tells(live_server, browser):
    base = live_server.url
    make_state("PRK")
    make_state("RUS")
    make_source(slug="reuters-2024-10", title="Reuters report on North Korean troops", status="published")
    make_user("edith", role="Editor", password=PASSWORD)
    make_user("rita", role="Reviewer", password=PASSWORD)

    # --- The editor -------------------------------------------------------
    editor = browser.new_context().new_page()
    admin_login(editor, base, "edith", PASSWORD)

    editor.goto(base + reverse("admin:events_event_add"))
    assert editor.locator("select[name=status]").count() == 0  # the status is read-only: a draft
    editor.locator("#id_title").press_sequentially("North Korean troops deployed to Russia")
    expect(editor.locator("#id_slug")).to_have_value("north-korean-troops-deployed-to-russia")
    editor.select_option("#id_type", "troop_deployment")
    editor.fill("#id_start", "2024-10")
    autocomplete(editor, "#participants-0 .field-state", "Korea", "North Korea")
    editor.select_option("#id_participants-0-role", "supplier")
    editor.click("#participants-group .add-row a")
    autocomplete(editor, "#participants-1 .field-state", "Rus", "Russia")
    editor.select_option("#id_participants-1-role", "recipient")
    editor.click("input[name=_save]")
    expect(editor.locator(".messagelist .success")).to_be_visible()

    event = Event.objects.get(slug="north-korean-troops-deployed-to-russia")
    assert event.status == "draft"
    assert sorted(event.participants.values_list("state", "role")) == [("PRK", "supplier"), ("RUS", "recipient")]

    editor.goto(base + reverse("admin:sources_claim_add"))
    editor.fill("#id_slug", "nk-troops-in-kursk")
    editor.fill("#id_statement", "North Korea has sent troops to fight for Russia in the Kursk region.")
    editor.fill("#id_claimant", "South Korean intelligence")
    autocomplete(editor, ".field-event", "troops", "North Korean troops deployed to Russia")
    autocomplete(editor, "#citations-0 .field-source", "Reuters", "Reuters report on North Korean troops")
    editor.fill("#id_citations-0-quote", "North Korean soldiers are fighting alongside Russian forces in Kursk.")
    editor.click("input[name=_save]")
    expect(editor.locator(".messagelist .success")).to_be_visible()
    claim = Claim.objects.get(slug="nk-troops-in-kursk")
    assert claim.status == "draft" and claim.citations.count() == 1

    # The editor cannot publish: no action for it, no status field.
    editor.goto(base + reverse("admin:events_event_changelist"))
    assert "publish_selected" not in editor.locator("select[name=action] option").evaluate_all(
        "options => options.map(o => o.value)"
    )
    editor.goto(base + reverse("admin:events_event_change", args=[event.pk]))
    assert editor.locator("select[name=status]").count() == 0
    event.refresh_from_db()
    assert event.status == "draft"

    # Drafts are not in the API.
    event_api, claim_api = api_url("api:event-detail", event.slug), api_url("api:claim-detail", claim.slug)
    if event_api:
        assert editor.request.get(base + event_api).status == 404
        assert editor.request.get(base + claim_api).status == 404

    # --- The reviewer -----------------------------------------------------
    reviewer = browser.new_context().new_page()
    admin_login(reviewer, base, "rita", PASSWORD)
    for record in (event, claim):
        reviewer.goto(base + reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_changelist"))
        reviewer.locator(f"input.action-select[value='{record.pk}']").check()
        reviewer.select_option("select[name=action]", "publish_selected")
        reviewer.click("button[name=index]")
        expect(reviewer.locator(".messagelist .success")).to_have_text(f"1 {record._meta.verbose_name} published.")
    event.refresh_from_db()
    claim.refresh_from_db()
    assert event.status == "published" and claim.status == "published"

    # --- The API (anonymous) ----------------------------------------------
    if event_api:
        anonymous = browser.new_context()
        shown_event = anonymous.request.get(base + event_api)
        assert shown_event.status == 200
        body = shown_event.json()
        assert body["title"] == "North Korean troops deployed to Russia"
        assert sorted((p["iso3"], p["role"]) for p in body["participants"]) == [
            ("PRK", "supplier"),
            ("RUS", "recipient"),
        ]
        shown_claim = anonymous.request.get(base + claim_api)
        assert shown_claim.status == 200
        assert shown_claim.json()["statement"].startswith("North Korea has sent troops")
        assert len(shown_claim.json()["citations"]) == 1
    else:
        # The API is not installed: what it would show is what is published.
        assert Event.objects.published().filter(pk=event.pk).exists()
        assert Claim.objects.published().filter(pk=claim.pk).exists()

    # --- The history page -------------------------------------------------
    reviewer.goto(base + reverse("admin:events_event_change", args=[event.pk]))
    reviewer.click("a.historylink")
    own = reviewer.locator("tr.history-entry:not(.history-part)")
    expect(own).to_have_count(2)
    published, created = own.nth(0), own.nth(1)
    expect(published.locator(".history-user")).to_have_text("rita")
    expect(published.locator(".history-changes")).to_contain_text("Draft")
    expect(published.locator(".history-changes")).to_contain_text("Published")
    expect(created.locator(".history-user")).to_have_text("edith")
    expect(published.locator(".history-what")).to_contain_text("Published")
    expect(created.locator(".history-what")).to_contain_text("Created")
    # The two participants, added by the editor in the same save: part of the same version.
    parts = created.locator(".history-part-change")
    expect(parts).to_have_count(2)
    expect(parts).to_contain_text(["North Korea (PRK), role Supplier", "Russia (RUS), role Recipient"])
