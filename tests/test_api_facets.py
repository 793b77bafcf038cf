"""``?facets=type,participant,domain,year`` on /api/events/: counts for the current filter, one query each."""

import pytest

from curation.partial_dates import PartialDate
from curation.workflow.status import EditorialStatus
from tests.api_support import fresh_throttle  # noqa: F401
from tests.factories import make_event

pytestmark = pytest.mark.django_db

URL = "/api/events/"


@pytest.fixture
def events():
    make_event(
        slug="a",
        type="arms_transfer",
        domains=["military", "economic"],
        start=PartialDate(2024, 3),
        participants={"PRK": "supplier", "RUS": "recipient"},
    )
    make_event(
        slug="b",
        type="arms_transfer",
        domains=["military"],
        start=PartialDate(2023),
        participants={"PRK": "supplier", "RUS": "recipient"},
    )
    make_event(
        slug="c",
        type="military_exercise",
        domains=["military"],
        start=None,
        participants={"RUS": "host", "CHN": "participant", "IRN": "participant"},
    )
    make_event(slug="draft", status=EditorialStatus.DRAFT, participants={"PRK": "supplier"})


def test_counts_for_the_whole_list(client, events):
    body = client.get(URL, {"facets": "type,participant,domain,year", "page_size": 1}).json()
    assert len(body["results"]) == 1  # the page is still one row; the counts cover the whole filtered list
    assert body["facets"] == {
        "type": [{"value": "arms_transfer", "count": 2}, {"value": "military_exercise", "count": 1}],
        "participant": [
            {"value": "RUS", "count": 3},
            {"value": "PRK", "count": 2},
            {"value": "CHN", "count": 1},
            {"value": "IRN", "count": 1},
        ],
        "domain": [{"value": "military", "count": 3}, {"value": "economic", "count": 1}],
        "year": [{"value": 2023, "count": 1}, {"value": 2024, "count": 1}],
    }


def test_counts_follow_the_filter(client, events):
    body = client.get(URL, {"facets": "type", "participant": "North Korea"}).json()
    assert body["facets"] == {"type": [{"value": "arms_transfer", "count": 2}]}


def test_no_facets_without_the_parameter(client, events):
    assert "facets" not in client.get(URL).json()


def test_an_unknown_facet_is_a_400_naming_the_parameter(client, events):
    response = client.get(URL, {"facets": "type,colour"})
    assert response.status_code == 400
    assert list(response.json()) == ["facets"]


@pytest.mark.parametrize("rows", [1, 50])
def test_one_query_each_whatever_the_rows(client, django_assert_num_queries, rows):
    for n in range(rows):
        make_event(slug=f"e-{n}", participants={"RUS": "host"})
    # the page (2); per facet: savepoint, time limit, count, and rolling the savepoint back (two statements)
    with django_assert_num_queries(2 + 4 * 5):
        body = client.get(URL, {"facets": "type,participant,domain,year"}).json()
    assert body["facets"]["type"][0]["count"] == rows


def test_a_facet_out_of_time_is_null_and_the_page_still_answers(client, events, monkeypatch):
    from events.api import facets

    monkeypatch.setattr(facets, "FACET_TIMEOUT_MS", 300)  # time enough for a real facet, even on a busy machine
    monkeypatch.setattr(facets, "_over", lambda *args, **kwargs: facets._grouped("SELECT pg_sleep(2), 1", []))
    body = client.get(URL, {"facets": "type,participant"}).json()
    assert body["facets"]["type"] is None
    assert body["facets"]["participant"][0] == {"value": "RUS", "count": 3}
    assert len(body["results"]) == 3


def test_a_filter_that_matches_nothing_gives_empty_facets(client, events):
    # Nothing changed after 9068, so the filter is ``id IN ()``, which compiles to no SQL at all.
    response = client.get(URL, {"facets": "type,participant,domain,year", "updated_since": "9068-07-17T21:54:36Z"})
    assert response.status_code == 200
    assert response.json()["results"] == []
    assert response.json()["facets"] == {"type": [], "participant": [], "domain": [], "year": []}


def test_the_facets_time_limit_ends_with_the_facets(events):
    from django.db import connection

    from events.api.facets import facets
    from events.models import Event

    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('statement_timeout', '5000', true)")
        facets(Event.objects.published(), ["type", "year"])
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "5s"
