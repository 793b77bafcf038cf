"""The network's arms transfers (/network/): one arrow per supplier and recipient, as wide as the numbers the
transfers' public supporting claims record (one per transfer), an unknown quantity drawn as unknown (never as
1), a legend saying what width means, and the links to the transfers' list."""

import pytest
from django.urls import reverse

from curation.partial_dates import PartialDate
from tests.explorer_support import elements
from tests.factories import make_claim, make_event

pytestmark = pytest.mark.django_db
URL = reverse("explorer:network")
YEAR = PartialDate(2023)


def transfer(supplier: str, recipient: str, *numbers, start=YEAR, status="published", **claim):
    """An arms transfer with a supporting claim per number (None: a claim that records no number)."""
    event = make_event(
        type="arms_transfer", participants={supplier: "supplier", recipient: "recipient"}, start=start, status=status
    )
    for number in numbers:
        quantity = {} if number is None else {"quantity_value": number, "quantity_unit": "rounds"}
        make_claim(event=event, stance=claim.get("stance", "supports"), status=claim.get("claim_status", "published"),
                   **quantity)  # fmt: skip
    return event


def flows(html) -> dict[str, dict]:
    return {flow["data-flow"]: flow for flow in elements(html, "flow")}


def test_width_is_the_recorded_total_and_an_unknown_quantity_is_drawn_as_unknown(client):
    transfer("PRK", "RUS", 1000)
    transfer("PRK", "RUS", 3000)
    transfer("PRK", "RUS", None)  # its claim records no number: counted as a transfer, not as a quantity
    transfer("IRN", "RUS", None)
    transfer("CHN", "IRN", 250)
    html = client.get(URL).content.decode()
    drawn = flows(html)
    assert set(drawn) == {"PRK-RUS", "IRN-RUS", "CHN-IRN"}
    assert drawn["PRK-RUS"]["data-total"] == "4,000" and drawn["PRK-RUS"]["data-transfers"] == "3"
    assert "w6" in drawn["PRK-RUS"]["class"].split()  # the largest total is the widest
    assert drawn["CHN-IRN"]["data-weight"] == "2"  # sqrt(250 / 4000) = 0.25: the second of six widths
    assert "unknown" in drawn["IRN-RUS"]["class"].split() and drawn["IRN-RUS"]["data-total"] == ""
    assert "North Korea → Russia: 3 arms transfers; 4,000 rounds (recorded for 2 of them); 1 with no recorded" in html
    key = html.split('id="flow-key"')[1].split("</div>")[0]
    assert "Width: the total <em>rounds</em>" in key and "quantity unknown" in key and "never counted as 1" in key
    rows = {row["data-flow"] for row in elements(html, "flow-row")}
    assert rows == set(drawn)
    assert elements(html, "transfers-csv")[0]["href"] == "/api/events/?type=arms_transfer&format=csv"
    assert 'href="/api/events/?type=arms_transfer&amp;participant_all=PRK,RUS&amp;format=csv"' in html


def test_only_public_supporting_numbers_count_once_per_transfer(client):
    transfer("PRK", "RUS", 1000, 5000)  # two claims give numbers: one transfer counts one of them (best-graded)
    transfer("PRK", "RUS", 7000, stance="disputes")  # a disputing claim's number is not the transfer's
    transfer("PRK", "RUS", 9000, claim_status="draft")  # nor is a draft claim's
    transfer("PRK", "RUS", 8000, status="draft")  # a draft transfer is not drawn at all
    html = client.get(URL).content.decode()
    flow = flows(html)["PRK-RUS"]
    assert flow["data-transfers"] == "3" and flow["data-total"] == "1,000"
    assert "9,000" not in html and "8,000" not in html and "7,000" not in html


def test_filters_choose_the_transfers(client):
    transfer("PRK", "RUS", 1000, start=PartialDate(2010))
    transfer("PRK", "RUS", 3000, start=PartialDate(2024))
    transfer("IRN", "RUS", 10)
    assert flows(client.get(URL, {"active_on": "2024"}).content)["PRK-RUS"]["data-total"] == "3,000"
    assert set(flows(client.get(URL, {"state": "IRN"}).content)) == {"IRN-RUS"}
    assert flows(client.get(URL, {"kind": "military_alliance"}).content) == {}
    assert set(flows(client.get(URL, {"kind": "arms_supplier"}).content)) == {"PRK-RUS", "IRN-RUS"}


def test_no_transfer_no_legend(client):
    html = client.get(URL).content.decode()
    assert "flow-key" not in html and flows(html) == {}
