"""State parameters take a reader's names as well as ISO3 codes: ``participant=North Korea``, ``pair=Iran,Russia``."""

import pytest

from tests.api_support import fresh_throttle, keys  # noqa: F401
from tests.factories import make_claim, make_event, make_relationship

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    shells = make_event(slug="shells", participants={"PRK": "supplier", "RUS": "recipient"})
    make_event(slug="drill", participants={"RUS": "host", "IRN": "participant"})
    make_relationship("IRN", "RUS", slug="iran-russia")
    make_relationship("CHN", "PRK", slug="china-dprk")
    make_claim(slug="about-shells", event=shells)


@pytest.mark.parametrize(
    ("url", "params", "expected"),
    [
        ("/api/events/", {"participant": "North Korea"}, {"shells"}),
        ("/api/events/", {"participant": "DPRK"}, {"shells"}),
        ("/api/events/", {"participant": "dprk"}, {"shells"}),  # any case
        ("/api/events/", {"participant": "prk"}, {"shells"}),
        ("/api/events/", {"participant": "Pyongyang,Iran"}, {"shells", "drill"}),
        ("/api/events/", {"participant_all": "Russia,IRN"}, {"drill"}),
        ("/api/events/", {"participant": "PRK"}, {"shells"}),  # codes as before
        ("/api/relationships/", {"pair": "Iran,Russia"}, {"iran-russia"}),
        ("/api/relationships/", {"pair": "Russia,Islamic Republic of Iran"}, {"iran-russia"}),
        ("/api/relationships/", {"state": "North Korea"}, {"china-dprk"}),
        ("/api/claims/", {"state": "DPRK"}, {"about-shells"}),
    ],
)
def test_names_resolve_to_states(client, data, url, params, expected):
    assert set(keys(client, url, **params)) == expected


def test_citations_take_names_too(client, data):
    [key] = keys(client, "/api/citations/", state="North Korea")
    assert key.startswith("about-shells~")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"participant": "Narnia"}, "'Narnia' is neither an ISO 3166-1 alpha-3 code"),
        ({"participant": "PRK,Korea"}, "'Korea' is neither"),
        ({"participant": "\x00North Korea"}, "'\\x00North Korea' is neither"),  # a NUL names nothing, no 500
    ],
)
def test_an_unknown_name_is_a_400_naming_the_parameter_and_value(client, data, params, message):
    response = client.get("/api/events/", params)
    assert response.status_code == 400
    assert response.json()["participant"][0].startswith(message)


def test_a_pair_of_one_state_by_two_names_is_refused(client, data):
    response = client.get("/api/relationships/", {"pair": "DPRK,North Korea"})
    assert response.status_code == 400
    assert response.json() == {"pair": ["Give different states."]}


def test_codes_cost_no_extra_query_and_names_one(client, data, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as by_code:
        client.get("/api/events/", {"participant": "PRK"})
    assert not any("events_statename" in query["sql"] for query in by_code.captured_queries)  # codes: no look-up
    with django_assert_num_queries(len(by_code) + 1):  # the names of the parameter resolved in one query
        client.get("/api/events/", {"participant": "North Korea,Iran"})


def test_the_schema_says_names_are_taken(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    [participant] = [p for p in schema["paths"]["/api/events/"]["get"]["parameters"] if p["name"] == "participant"]
    assert "North Korea, DPRK" in participant["description"]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("DPRK", {"shells"}),  # an alias: the events North Korea takes part in
        ("north korea", {"shells"}),
        ("Tehran", {"drill"}),
        ("DPRK drill", set()),  # North Korea and the word "drill"
        ("Iran exercise", {"drill"}),
        ("exercise", {"drill"}),  # plain words as before
        ('"DPRK"', set()),  # a quoted phrase is only searched as text
    ],
)
def test_a_search_naming_a_state_finds_its_events(client, q, expected):
    make_event(slug="shells", summary="Shells shipped.", participants={"PRK": "supplier", "RUS": "recipient"})
    make_event(slug="drill", summary="A naval exercise.", participants={"RUS": "host", "IRN": "participant"})
    assert set(keys(client, "/api/events/", q=q)) == expected


def test_a_search_naming_a_state_finds_its_ties(client, data):
    assert keys(client, "/api/relationships/", q="DPRK") == ["china-dprk"]
