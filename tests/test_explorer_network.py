"""The explorer's network of ties (/network/): states as nodes on a layout that never depends on the date,
ties as edges by kind with arrows for directed kinds, the ties active on ``active_on`` shown; the API's
filters and links; published records only; a fixed number of queries."""

import pytest
from django.urls import reverse

from curation.partial_dates import PartialDate
from explorer import selectors
from tests.explorer_support import elements
from tests.factories import make_claim, make_event, make_relationship

pytestmark = pytest.mark.django_db
URL = reverse("explorer:network")


def edges(html) -> dict[str, dict]:
    return {edge["data-tie"]: edge for edge in elements(html, "edge")}


def nodes_drawn(html) -> str:
    """The nodes' group of the SVG: where each state sits."""
    return html.split('<g class="nodes">')[1].split("</g>")[0]


def test_every_tie_is_an_edge_and_directed_kinds_carry_an_arrow(client):
    make_relationship("CHN", "RUS", slug="partners", kind="strategic_partnership")
    make_relationship("PRK", "RUS", slug="shells", kind="arms_supplier")
    html = client.get(URL).content.decode()
    drawn = edges(html)
    assert set(drawn) == {"partners", "shells"}
    assert drawn["shells"]["data-directed"] == "true" and drawn["partners"]["data-directed"] == "false"
    assert html.count('marker-end="url(#arrow-arms_supplier)"') == 1
    assert "marker-end" not in html.split('data-tie="partners"')[1].split("</a>")[0]
    assert sorted(node["data-state"] for node in elements(html, "node")) == ["CHN", "PRK", "RUS"]


def test_active_on_shows_the_ties_holding_then_and_the_layout_does_not_move(client):
    make_relationship("CHN", "RUS", slug="old", start=PartialDate(2001), end=PartialDate(2010))
    make_relationship("IRN", "RUS", slug="new", start=PartialDate(2025, 1))
    make_relationship("PRK", "RUS", slug="undated", start=None)
    everything = client.get(URL).content.decode()
    in_2019 = client.get(URL, {"active_on": "2019"}).content.decode()
    shown = {key for key, edge in edges(in_2019).items() if "inactive" not in edge["class"].split()}
    assert shown == {"undated"}  # a tie whose dates are not stated counts as open
    assert set(edges(in_2019)) == {"old", "new", "undated"}  # all drawn; the slider unhides
    assert nodes_drawn(in_2019) == nodes_drawn(everything)
    assert edges(in_2019)["old"]["data-lower"] == "2001-01-01" and edges(in_2019)["old"]["data-upper"] == "2010-12-31"
    csv = elements(in_2019, "api-csv")[0]["href"]
    assert csv == "/api/relationships/?active_on=2019&format=csv"
    assert b"undated" in b"".join(client.get(csv).streaming_content)


def test_filters_are_the_apis(client):
    make_relationship("CHN", "RUS", slug="partners", kind="strategic_partnership")
    make_relationship("PRK", "RUS", slug="shells", kind="arms_supplier")
    make_relationship("CHN", "PRK", slug="allies", kind="military_alliance")
    assert set(edges(client.get(URL, {"kind": "arms_supplier"}).content)) == {"shells"}
    assert set(edges(client.get(URL, {"state": "PRK"}).content)) == {"shells", "allies"}
    assert client.get(URL, {"state": "XX"}).status_code == 400
    assert client.get(URL + "?kind=&state=PRK")["Location"] == f"{URL}?state=PRK"


def test_drafts_never_appear(client):
    """A draft tie is not drawn; a published tie's draft founding event is not named."""
    draft_event = make_event(slug="secret-treaty", title="Secret draft treaty", status="draft")
    make_relationship("CHN", "RUS", slug="shown", founding_event=draft_event)
    make_relationship("IRN", "RUS", slug="draft-tie", status="draft")
    html = client.get(URL).content.decode()
    assert set(edges(html)) == {"shown"}
    assert "draft-tie" not in html and "Secret draft treaty" not in html and "IRN" not in html


@pytest.mark.parametrize("n", [1, 50])
def test_a_fixed_number_of_queries(client, django_assert_num_queries, n):
    codes = ["CHN", "IRN", "PRK", "USA", "UKR", "KOR", "BLR", "SYR", "CUB", "VEN"]
    for i in range(n):
        make_relationship("RUS", codes[i % len(codes)], kind=["strategic_partnership", "arms_supplier"][i % 2],
                          start=PartialDate(2000 + i), end=PartialDate(2000 + i))  # fmt: skip
        transfer = make_event(
            type="arms_transfer", participants={"RUS": "supplier", codes[i % len(codes)]: "recipient"}
        )
        make_claim(event=transfer, quantity_value=i + 1, quantity_unit="tanks")
    # the states, the ties with their founding event and how many match, the arms transfers by pair with their numbers
    with django_assert_num_queries(3):
        response = client.get(URL, {"active_on": "2024"})
    assert len(edges(response.content)) == n and len(elements(response.content, "flow")) == min(n, len(codes))


def test_a_capped_network_draws_the_most_recent_ties_and_says_how_many_are_hidden(client, monkeypatch):
    monkeypatch.setattr(selectors, "NETWORK_LIMIT", 2)
    make_relationship("CHN", "RUS", slug="oldest", start=PartialDate(2001), end=PartialDate(2005))
    make_relationship("IRN", "RUS", slug="ended-2020", start=PartialDate(2010), end=PartialDate(2020))
    make_relationship("PRK", "RUS", slug="ongoing", start=PartialDate(2015))
    html = client.get(URL).content.decode()
    assert set(edges(html)) == {"ongoing", "ended-2020"}
    capped = html.split('id="ties-capped">')[1].split("</p>")[0]
    assert "1 of the 3 matching ties are not drawn." in capped and "the 2 most recent" in capped
    assert elements(html, "all-ties-csv")[0]["href"] == "/api/relationships/?format=csv"
    assert 'id="ties-capped"' not in client.get(URL, {"state": "IRN"}).content.decode()  # 1 tie: nothing hidden
    in_2003 = client.get(URL, {"active_on": "2003"}).content.decode()  # the ties active then come first
    assert set(edges(in_2003)) == {"oldest", "ongoing"} and "those active in 2003 first" in in_2003


def test_a_capped_network_draws_the_strongest_arms_transfers(client, monkeypatch):
    monkeypatch.setattr(selectors, "FLOW_LIMIT", 1)
    for recipient in ("RUS", "RUS", "IRN"):
        make_claim(event=make_event(type="arms_transfer", participants={"PRK": "supplier", recipient: "recipient"}),
                   quantity_value=5, quantity_unit="rounds")  # fmt: skip
    html = client.get(URL).content.decode()
    assert [flow["data-flow"] for flow in elements(html, "flow")] == ["PRK-RUS"]  # two numbered transfers
    assert "1 of the 2 pairs are not drawn" in html
