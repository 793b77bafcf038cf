"""The explorer's state page (/states/<iso3>/): its ties over time (bars at their precision, undated ones in
their own lane), its events and the claims about it, each list with its API links; published records only;
a fixed number of queries."""

import pytest
from django.urls import reverse

from curation.partial_dates import PartialDate
from tests.explorer_support import elements, marks_by_lane
from tests.factories import make_claim, make_event, make_relationship, make_source, make_state

pytestmark = pytest.mark.django_db
URL = reverse("explorer:state", args=["PRK"])


def test_ties_over_time_events_and_claims(client):
    make_relationship("PRK", "RUS", slug="shells", kind="arms_supplier", start=PartialDate(2023, 8))
    make_relationship("CHN", "PRK", slug="allies", kind="military_alliance", start=None)
    make_relationship("CHN", "RUS", slug="elsewhere")
    event = make_event(slug="troops", participants={"PRK": "supplier", "RUS": "recipient"})
    make_event(slug="not-prk", participants={"CHN": "participant"})
    make_claim(event=event, slug="about-troops")
    make_claim(slug="tagged", states=["PRK"])
    make_claim(slug="other", states=["IRN"])
    html = client.get(URL).content.decode()
    assert marks_by_lane(html) == {"arms_supplier": ["shells"], "undated": ["allies"]}
    assert "Dates not stated" in html
    assert 'data-event="troops"' in html and 'data-event="not-prk"' not in html
    assert 'data-claim="about-troops"' in html and 'data-claim="tagged"' in html and 'data-claim="other"' not in html
    links = [link["href"] for link in elements(html, "api-csv")]
    assert links == [
        "/api/relationships/?state=PRK&format=csv",
        "/api/events/?participant=PRK&format=csv",
        "/api/claims/?state=PRK&format=csv",
    ]
    assert elements(html, "api-json")[0]["href"] == "/api/states/PRK/"


def test_drafts_never_appear(client):
    make_state("PRK")
    make_relationship("PRK", "RUS", slug="draft-tie", status="draft")
    draft_event = make_event(slug="draft-event", participants={"PRK": "supplier"}, status="draft")
    make_claim(event=draft_event, slug="about-a-draft-event")
    make_claim(slug="draft-claim", states=["PRK"], status="draft")
    make_claim(slug="shown", states=["PRK"], sources=[make_source(title="Draft source title", status="draft")])
    html = client.get(URL).content.decode()
    for hidden in ("draft-tie", "draft-event", "about-a-draft-event", "draft-claim", "Draft source title"):
        assert hidden not in html
    assert 'data-claim="shown"' in html


def test_an_unknown_state_is_a_404(client):
    assert client.get(reverse("explorer:state", args=["XYZ"])).status_code == 404


@pytest.mark.parametrize("n", [1, 50])
def test_a_fixed_number_of_queries(client, django_assert_num_queries, n):
    codes = ["CHN", "IRN", "RUS", "USA", "UKR", "KOR", "BLR", "SYR", "CUB", "VEN"]
    for i in range(n):
        tie = make_relationship("PRK", codes[i % len(codes)], start=PartialDate(2000 + i), end=PartialDate(2000 + i))
        event = make_event(participants={"PRK": "participant", codes[i % len(codes)]: "host"})
        make_claim(event=event)
        make_claim(relationship=tie)
    # The state, the states (naming both ends of its ties), its ties, its events, their participants,
    # how often the state is named (which picks the claims query's form, capped at 1,000 entries), the claims.
    with django_assert_num_queries(7):
        response = client.get(URL)
    assert len(elements(response.content, "mark")) == n
