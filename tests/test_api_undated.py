"""``undated=include|exclude|only`` on the date-filtered lists (events, sources): undated records are not lost."""

import pytest

from curation.partial_dates import PartialDate
from tests.api_support import csv_rows, fresh_throttle, keys  # noqa: F401
from tests.factories import make_event, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    make_event(slug="march", start=PartialDate(2024, 3), participants={"PRK": "supplier", "RUS": "recipient"})
    make_event(slug="old", start=PartialDate(2019), participants={"PRK": "supplier", "RUS": "recipient"})
    make_event(slug="troops", start=None, participants={"PRK": "supplier", "RUS": "recipient"})
    make_event(slug="elsewhere", start=None, participants={"IRN": "host"})


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"from": "2024"}, {"march"}),  # the default: a window never matches an undated event
        ({"from": "2024", "undated": "exclude"}, {"march"}),
        ({"from": "2024", "undated": "include"}, {"march", "troops", "elsewhere"}),
        ({"from": "2024", "to": "2024", "undated": "include", "participant": "PRK"}, {"march", "troops"}),
        ({"undated": "only"}, {"troops", "elsewhere"}),
        ({"undated": "only", "from": "2024"}, {"troops", "elsewhere"}),
        ({"undated": "exclude"}, {"march", "old"}),
        ({"undated": "include"}, {"march", "old", "troops", "elsewhere"}),
        ({}, {"march", "old", "troops", "elsewhere"}),  # without a window every event is listed, as before
    ],
)
def test_events(client, events, params, expected):
    assert set(keys(client, "/api/events/", **params)) == expected


def test_the_csv_follows_the_same_rule(client, events):
    response = client.get("/api/events/", {"from": "2024", "undated": "include", "format": "csv"})
    assert {row["key"] for row in csv_rows(response)} == {"march", "troops", "elsewhere"}


def test_sources(client):
    make_source(slug="dated", published=PartialDate(2025, 1))
    make_source(slug="undated", published=None)
    assert keys(client, "/api/sources/", **{"from": "2025"}) == ["dated"]
    assert keys(client, "/api/sources/", **{"from": "2025", "undated": "include"}) == ["dated", "undated"]
    assert keys(client, "/api/sources/", undated="only") == ["undated"]


def test_a_bad_value_is_a_400_naming_it(client):
    response = client.get("/api/events/", {"undated": "yes"})
    assert response.status_code == 400
    assert list(response.json()) == ["undated"]


def test_the_schema_says_what_the_default_is(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    for path in ("/api/events/", "/api/sources/"):
        (parameter,) = [p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == "undated"]
        assert parameter["schema"]["enum"] == ["include", "exclude", "only"]
        assert "exclude (the default" in parameter["description"]
