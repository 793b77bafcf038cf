"""Partial-date windows: ``from``/``to`` (events, sources) and ``active_on`` (relationships).

A record's date covers its whole day, month or year, and so does each end of the
window: matching is by overlap, at the precision of both.
"""

import pytest

from curation.partial_dates import PartialDate
from tests.api_support import fresh_throttle, keys  # noqa: F401
from tests.factories import make_event, make_relationship, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def march_2024(db):
    return make_event(slug="march-2024", start=PartialDate(2024, 3))


@pytest.mark.parametrize(
    ("params", "matches"),
    [
        ({"from": "2024-03-15", "to": "2024-03-20"}, True),  # a window inside the month
        ({"from": "2024"}, True),  # a year containing it
        ({"to": "2024"}, True),
        ({"from": "2024-03"}, True),
        ({"from": "2024-03-31"}, True),  # the month's last day
        ({"to": "2024-03-01"}, True),  # the month's first day
        ({"from": "2024-02-15", "to": "2024-03-01"}, True),
        ({"from": "2023", "to": "2025"}, True),
        ({"from": "2024-04"}, False),  # starts after the month
        ({"from": "2024-04-01"}, False),
        ({"to": "2024-02"}, False),  # ends before it
        ({"to": "2024-02-29"}, False),
        ({"from": "2025"}, False),
        ({"to": "2023"}, False),
        ({"from": "2024-01-01", "to": "2024-02-29"}, False),
    ],
)
def test_a_month_precision_event_matches_by_overlap(client, march_2024, params, matches):
    assert keys(client, "/api/events/", **params) == (["march-2024"] if matches else [])


@pytest.mark.parametrize(
    ("params", "matches"),
    [
        ({"from": "2023-12-31"}, True),
        ({"to": "2023-01-01"}, True),
        ({"from": "2023-06", "to": "2023-06"}, True),
        ({"from": "2024"}, False),
        ({"to": "2022-12-31"}, False),
    ],
)
def test_a_year_precision_event_covers_its_whole_year(client, params, matches):
    make_event(slug="year-2023", start=PartialDate(2023))
    assert keys(client, "/api/events/", **params) == (["year-2023"] if matches else [])


@pytest.mark.parametrize(
    ("params", "matches"),
    [
        ({"from": "2024-06"}, True),  # overlaps its end year
        ({"to": "2022-11-30"}, True),
        ({"from": "2023", "to": "2023"}, True),  # entirely inside
        ({"from": "2025-01-01"}, False),
        ({"to": "2022-10"}, False),
    ],
)
def test_an_event_with_an_end_covers_its_whole_period(client, params, matches):
    make_event(slug="war", start=PartialDate(2022, 11), end=PartialDate(2024))
    assert keys(client, "/api/events/", **params) == (["war"] if matches else [])


def test_a_day_precision_event(client):
    make_event(slug="summit", start=PartialDate(2024, 6, 19))
    assert keys(client, "/api/events/", **{"from": "2024-06-19", "to": "2024-06-19"}) == ["summit"]
    assert keys(client, "/api/events/", **{"from": "2024-06-20"}) == []
    assert keys(client, "/api/events/", **{"to": "2024-06-18"}) == []


def test_a_window_that_ends_before_it_begins_matches_nothing(client, march_2024):
    assert keys(client, "/api/events/", **{"from": "2024-04", "to": "2024-03"}) == []
    assert keys(client, "/api/events/", **{"from": "2024-03-20", "to": "2024-03"}) == ["march-2024"]


def test_the_window_combines_with_other_filters(client, march_2024):
    make_event(slug="other", start=PartialDate(2024, 3), participants={"PRK": "supplier"})
    assert keys(client, "/api/events/", participant="PRK", **{"from": "2024"}) == ["other"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"from": "2025-01-10"}, {"january", "year"}),
        ({"to": "2024-12-31"}, {"old"}),
        ({"from": "2025-02"}, {"year"}),
        ({"from": "2024-06", "to": "2025-01-01"}, {"january", "year"}),
        ({"from": "1990"}, {"old", "january", "year"}),  # undated sources never match a window
    ],
)
def test_sources_publication_window(client, params, expected):
    make_source(slug="january", published=PartialDate(2025, 1))
    make_source(slug="year", published=PartialDate(2025))
    make_source(slug="old", published=PartialDate(2001, 5, 5))
    make_source(slug="undated", published=None)
    assert set(keys(client, "/api/sources/", **params)) == expected


@pytest.mark.parametrize(
    ("active_on", "expected"),
    [
        ("2025-01-17", {"partnership", "ally", "since-ever"}),
        ("2025-01", {"partnership", "ally", "since-ever"}),
        ("2024-12-31", {"ally", "since-ever"}),
        ("2024", {"ally", "since-ever"}),
        ("1961-07", {"ally", "since-ever"}),
        ("1950", {"since-ever"}),  # an unknown start counts as open
        ("2018-06", {"ally", "since-ever", "ended"}),
        ("2023-01-01", {"ally", "since-ever", "ended"}),
        ("2023-01-02", {"ally", "since-ever"}),  # after a day-precision end
    ],
)
def test_relationships_active_on_a_partial_date(client, active_on, expected):
    make_relationship(
        "IRN", "RUS", slug="partnership", kind="comprehensive_strategic_partnership", start=PartialDate(2025, 1)
    )
    make_relationship("CHN", "PRK", slug="ally", kind="military_alliance", start=PartialDate(1961, 7, 11))
    make_relationship("RUS", "CHN", slug="since-ever", kind="arms_supplier", start=None)
    make_relationship(
        "CHN", "RUS", slug="ended", kind="energy_buyer", start=PartialDate(2018), end=PartialDate(2023, 1, 1)
    )
    assert set(keys(client, "/api/relationships/", active_on=active_on)) == expected


@pytest.mark.parametrize("url", ["/api/events/", "/api/sources/"])
@pytest.mark.parametrize("name", ["from", "to"])
@pytest.mark.parametrize("value", ["2024-13", "2024-02-30", "24", "2024-3", "2024~", "0000", "March 2024", "2024-03-1"])
def test_a_malformed_partial_date_is_a_400_naming_the_parameter(client, url, name, value):
    response = client.get(url, {name: value})
    assert response.status_code == 400
    assert list(response.json()) == [name]


def test_a_malformed_active_on_is_a_400(client):
    response = client.get("/api/relationships/", {"active_on": "2023-02-29"})
    assert response.status_code == 400
    assert list(response.json()) == ["active_on"]
