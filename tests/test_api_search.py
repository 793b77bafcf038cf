"""/api/search/?q=: published states, events, relationships, claims and sources ranked together."""

import pytest

from curation.partial_dates import PartialDate
from curation.workflow.status import EditorialStatus
from events.choices import RelationshipKind
from tests.api_support import fresh_throttle  # noqa: F401
from tests.factories import make_claim, make_event, make_relationship, make_source, make_state

pytestmark = pytest.mark.django_db
URL = "/api/search/"


def search(client, **params) -> dict:
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()


def typed_keys(page: dict) -> list[tuple[str, str]]:
    return [(hit["type"], hit["key"]) for hit in page["results"]]


@pytest.fixture
def torpedoes():
    source = make_source(slug="torpedo-report", title="Torpedo deliveries to the fleet")
    make_source(slug="draft-torpedo-source", title="Torpedo draft", status=EditorialStatus.DRAFT)
    event = make_event(slug="torpedo-transfer", title="Torpedo transfer", participants={"PRK": "supplier"})
    draft = make_event(slug="draft-torpedo", title="Torpedo draft", status=EditorialStatus.DRAFT)
    make_relationship("PRK", "RUS", slug="torpedo-tie", kind=RelationshipKind.ARMS_SUPPLIER, summary="Torpedoes.")
    make_claim(slug="torpedo-claim", event=event, statement="Torpedoes were shipped.", sources=[source])
    make_claim(slug="hidden-claim", event=draft, statement="Torpedoes were shipped.", sources=[source])
    make_claim(slug="drafted-claim", statement="Torpedoes.", status=EditorialStatus.DRAFT, sources=[source])


def test_every_public_type_is_found_with_its_type_key_title_and_url(client, torpedoes):
    page = search(client, q="torpedo")
    assert sorted(typed_keys(page)) == [
        ("claim", "torpedo-claim"),
        ("event", "torpedo-transfer"),
        ("relationship", "torpedo-tie"),
        ("source", "torpedo-report"),
    ]
    hits = {hit["type"]: hit for hit in page["results"]}
    assert hits["event"]["title"] == "Torpedo transfer"
    assert hits["event"]["api_url"] == "http://testserver/api/events/torpedo-transfer/"
    assert hits["relationship"]["title"] == "PRK → RUS: Arms supplier (A supplies arms to B)"
    assert hits["claim"]["title"] == "Torpedoes were shipped."
    assert hits["source"]["api_url"] == "http://testserver/api/sources/torpedo-report/"
    assert client.get(hits["claim"]["api_url"]).status_code == 200
    ranks = [hit["rank"] for hit in page["results"]]
    assert ranks == sorted(ranks, reverse=True) and all(0 < rank < 1 for rank in ranks)


def test_a_state_named_by_an_alias_is_found_first_with_its_events(client):
    make_state("PRK")
    make_event(slug="shells", title="Artillery shells", participants={"PRK": "supplier"})
    make_event(slug="elsewhere", title="Artillery elsewhere", participants={"IRN": "host"})
    page = search(client, q="DPRK")
    assert typed_keys(page) == [("state", "PRK"), ("event", "shells")]
    assert page["results"][0] == {
        "type": "state",
        "key": "PRK",
        "title": "North Korea",
        "rank": 1.0,
        "api_url": "http://testserver/api/states/PRK/",
    }


def test_the_title_ranks_above_the_summary(client):
    make_event(slug="in-summary", title="Exercise", summary="Frigates of the navy.")
    make_event(slug="in-title", title="Frigates sail", summary="An exercise.")
    assert typed_keys(search(client, q="frigates")) == [("event", "in-title"), ("event", "in-summary")]


def test_pages_are_numbered_and_bounded(client):
    for n in range(5):
        make_source(slug=f"sonar-{n}", title="Sonar buoys")
    first = search(client, q="sonar", page_size=2)
    assert typed_keys(first) == [("source", "sonar-0"), ("source", "sonar-1")]
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    assert typed_keys(second) + typed_keys(third) == [("source", f"sonar-{n}") for n in (2, 3, 4)]
    assert third["next"] is None
    assert client.get(third["previous"]).json() == second
    assert client.get(URL, {"q": "sonar", "page": 11}).status_code == 400


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({}, "q"),
        ({"q": ""}, "q"),
        ({"q": "   "}, "q"),
        ({"q": "x" * 301}, "q"),
        ({"q": "x" + "\x1e" * 300}, "q"),  # the schema's maxLength counts the blanks the search trims
        ({"q": "a\x00b"}, "q"),
        ({"q": "a", "page": "0"}, "page"),
        ({"q": "a", "page_size": "101"}, "page_size"),
        ({"q": "a", "ordering": "rank"}, "ordering"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(client, params, name):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert name in response.json()


def test_a_repeated_q_is_a_400(client):
    response = client.get(f"{URL}?q=a&q=b")
    assert response.status_code == 400 and "q" in response.json()


@pytest.mark.parametrize("rows", [1, 50])
def test_a_page_costs_the_same_at_1_and_50_rows_of_each_type(client, django_assert_num_queries, rows):
    source = make_source(slug="radar-source", title="Radar")
    for n in range(rows):
        event = make_event(slug=f"radar-{n}", title="Radar station", participants={})
        year = PartialDate(1900 + n)
        make_relationship("CHN", "RUS", slug=f"radar-tie-{n}", summary="Radar", start=year, end=year)
        make_claim(slug=f"radar-claim-{n}", event=event, statement="Radar built.", sources=[source])
    # The data's version, the keys of the claims matching (Claim.objects.full_text: a few are read, many
    # walked), then one UNION ALL of the five types.
    with django_assert_num_queries(3):
        page = search(client, q="radar", page_size=100)
    assert len(page["results"]) == min(100, 3 * rows + 1)


def test_it_is_in_the_schema_with_q_required(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"]["/api/search/"]["get"]
    parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
    assert parameters["q"]["required"] is True
    assert set(parameters) == {"q", "page", "page_size"}


@pytest.mark.parametrize("blank", ["\x1e", "\ufeff", " \x85\u3000 "])
def test_a_q_of_blanks_is_a_400_as_its_schema_pattern_says(client, blank):
    """Blank to JavaScript's \\s (the schema's pattern) or to Python's strip (the field): both are "nothing"."""
    response = client.get(URL, {"q": blank})
    assert response.status_code == 400 and "q" in response.json()
    assert client.get(URL, {"q": f"{blank}radar{blank}"}).json()["q"] == "radar"
