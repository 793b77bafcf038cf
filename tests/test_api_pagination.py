"""Cursor pagination: every row exactly once, forwards and backwards, in every ordering."""

from urllib.parse import parse_qs, urlsplit

import pytest

from curation.partial_dates import PartialDate
from tests.api_support import fresh_throttle  # noqa: F401
from tests.factories import make_claim, make_event, make_relationship, make_source

pytestmark = pytest.mark.django_db


def walk(client, url, params, page_size):
    """Follow next links to the end, then previous links back; the keys seen, page by page."""
    forward, pages = [], []
    response = client.get(url, {**params, "page_size": page_size}).json()
    assert response["previous"] is None
    while True:
        page = [row["key"] for row in response["results"]]
        assert 0 < len(page) <= page_size
        pages.append(page)
        forward += page
        if response["next"] is None:
            break
        assert parse_qs(urlsplit(response["next"]).query)["page_size"] == [str(page_size)]
        response = client.get(response["next"]).json()
    backward = [pages[-1]]
    while response["previous"] is not None:
        response = client.get(response["previous"]).json()
        backward.append([row["key"] for row in response["results"]])
    assert backward == pages[::-1]
    return forward


@pytest.fixture
def sources():
    # Ties in every sort key, and unknown publication dates.
    for n in range(23):
        make_source(
            slug=f"source-{n:02d}",
            title=f"Title {n % 4}",
            reliability="ABCF"[n % 4],
            published=None if n % 5 == 0 else PartialDate(2020 + n % 3, 1 + n % 2),
        )


@pytest.mark.parametrize(
    "ordering", [None, "key", "-key", "published", "-published", "reliability,-published", "-title", "title,-key"]
)
@pytest.mark.parametrize("page_size", [1, 4, 25])
def test_walking_the_pages_sees_every_row_once_in_order(client, sources, ordering, page_size):
    params = {"ordering": ordering} if ordering else {}
    everything = [row["key"] for row in client.get("/api/sources/", {**params, "page_size": 100}).json()["results"]]
    assert len(everything) == 23
    assert walk(client, "/api/sources/", params, page_size) == everything


def test_events_newest_first_with_undated_ones_last(client):
    for n in range(7):
        make_event(slug=f"e{n}", start=PartialDate(2020, 1 + n % 3), end=None if n % 2 else PartialDate(2021))
    everything = [row["key"] for row in client.get("/api/events/", {"page_size": 100}).json()["results"]]
    assert walk(client, "/api/events/", {}, 2) == everything
    assert walk(client, "/api/events/", {"ordering": "-end,title"}, 3) == [
        row["key"] for row in client.get("/api/events/", {"ordering": "-end,title"}).json()["results"]
    ]


def test_filters_are_kept_across_pages(client):
    for n in range(6):
        make_event(slug=f"ru-{n}", participants={"RUS": "host"})
        make_event(slug=f"cn-{n}", participants={"CHN": "host"})
    assert sorted(walk(client, "/api/events/", {"participant": "CHN"}, 4)) == [f"cn-{n}" for n in range(6)]


def test_relationships_and_claims_paginate_too(client):
    for n in range(5):
        make_relationship("CHN", "RUS", slug=f"tie-{n}", start=PartialDate(2000 + n), end=PartialDate(2000 + n))
        make_claim(slug=f"claim-{n}", asserted=None if n % 2 else PartialDate(2024))
    assert walk(client, "/api/relationships/", {"ordering": "-start"}, 2) == [f"tie-{n}" for n in range(4, -1, -1)]
    assert walk(client, "/api/claims/", {"ordering": "asserted"}, 2) == [
        "claim-0",
        "claim-2",
        "claim-4",
        "claim-1",
        "claim-3",
    ]


def test_the_default_page_size(client, settings):
    settings.AXISDB_API_PAGE_SIZE = 3
    for n in range(4):
        make_event(slug=f"e{n}")
    body = client.get("/api/events/").json()
    assert len(body["results"]) == 3
    assert body["next"] is not None


def test_a_page_emptied_meanwhile_offers_a_way_back(client):
    from sources.models import Source

    for n in range(4):
        make_source(slug=f"s{n}")
    first = client.get("/api/sources/", {"page_size": 2}).json()
    Source.objects.filter(slug__in=["s2", "s3"]).update(status="draft")
    second = client.get(first["next"]).json()
    assert second["results"] == []
    assert second["next"] is None
    back = client.get(second["previous"]).json()
    assert [row["key"] for row in back["results"]] == ["s0", "s1"]


def test_the_links_are_absolute_and_keep_the_other_parameters(client):
    for n in range(3):
        make_event(slug=f"e{n}")
    body = client.get("/api/events/", {"page_size": 1, "format": "json"}).json()
    assert body["next"].startswith("http://testserver/api/events/?")
    assert parse_qs(urlsplit(body["next"]).query)["format"] == ["json"]
