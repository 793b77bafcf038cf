"""Swagger UI's "Try it out" offers the states in the published data as a multi-select (the schema side is in
tests/test_api_state_pickers.py)."""

import pytest
from playwright.sync_api import expect

from curation.workflow.status import EditorialStatus
from tests.factories import make_event, make_relationship, make_state

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_try_it_out_offers_the_states_in_the_data_and_sends_the_chosen_ones(live_server, page):
    make_event(slug="shells", participants={"PRK": "supplier", "RUS": "recipient"})
    make_relationship("CHN", "IRN")
    make_event(slug="draft", status=EditorialStatus.DRAFT, participants={"USA": "participant"})
    make_state("FRA")

    page.goto(f"{live_server.url}/api/docs/#/events/events_list")
    operation = page.locator(".opblock-get", has=page.locator("[data-path='/api/events/']")).first
    expect(operation.locator(".try-out__btn")).to_be_visible(timeout=20000)
    operation.locator(".try-out__btn").click()
    picker = operation.locator("tr[data-param-name='participant'] select")
    expect(picker).to_have_attribute("multiple", "")
    values = picker.locator("option").evaluate_all("options => options.map(o => o.value)")
    assert [value for value in values if value not in ("", "--")] == ["CHN", "IRN", "PRK", "RUS"]

    picker.select_option(["PRK", "RUS"])
    operation.locator(".execute").click()
    expect(operation.locator(".request-url pre")).to_contain_text("/api/events/?participant=PRK,RUS", timeout=20000)
    response = operation.locator(".live-responses-table tbody .response")
    expect(response.locator(".response-col_status")).to_contain_text("200")
    expect(response.locator(".response-col_description")).to_contain_text('"key": "shells"')
