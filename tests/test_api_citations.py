"""/api/citations/: what a reader may see of the evidence, filtered, paged, as CSV, at a fixed cost."""

import pytest

from curation.workflow.status import EditorialStatus
from tests.api_support import csv_rows, fresh_throttle, keys, results  # noqa: F401
from tests.factories import make_claim, make_event, make_source

pytestmark = pytest.mark.django_db

URL = "/api/citations/"


@pytest.fixture
def evidence():
    reuters = make_source(slug="reuters", reliability="B")
    tass = make_source(slug="tass", reliability="D")
    draft_source = make_source(slug="draft-source")
    drill = make_event(slug="drill", participants={"RUS": "host", "PRK": "participant"})
    other = make_event(slug="other", participants={"IRN": "host"})
    make_claim(slug="a-claim", event=drill, sources=[reuters, tass, draft_source])
    make_claim(slug="b-claim", event=other, sources=[tass])
    make_claim(slug="c-draft", sources=[reuters], status=EditorialStatus.DRAFT)
    make_claim(slug="d-hidden", event=make_event(status=EditorialStatus.DRAFT), sources=[reuters])
    draft_source.status = EditorialStatus.DRAFT
    draft_source.save()


def test_a_citation_shows_its_claim_source_quote_and_locator(client, evidence):
    first = results(client, URL)[0]
    assert first == {
        "key": "a-claim~reuters",
        "api_url": "http://testserver/api/citations/a-claim~reuters/",
        "claim": {
            "key": "a-claim",
            "statement": first["claim"]["statement"],
            "api_url": "http://testserver/api/claims/a-claim/",
        },
        "source": {
            "key": "reuters",
            "title": first["source"]["title"],
            "publisher": "Reuters",
            "reliability": "B",
            "api_url": "http://testserver/api/sources/reuters/",
        },
        "quote": first["quote"],
        "locator": "para 1",
        "attribution": "asserts",
    }
    assert first["quote"].endswith("from reuters.")
    assert client.get(first["api_url"]).json() == first


def test_only_public_claims_in_published_sources(client, evidence):
    assert keys(client, URL) == ["a-claim~reuters", "a-claim~tass", "b-claim~tass"]
    assert client.get(f"{URL}a-claim~draft-source/").status_code == 404
    assert client.get(f"{URL}c-draft~reuters/").status_code == 404


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"claim": "a-claim"}, ["a-claim~reuters", "a-claim~tass"]),
        ({"claim": "a-claim,b-claim"}, ["a-claim~reuters", "a-claim~tass", "b-claim~tass"]),
        ({"source": "tass"}, ["a-claim~tass", "b-claim~tass"]),
        ({"event": "other"}, ["b-claim~tass"]),
        ({"event": "drill,other"}, ["a-claim~reuters", "a-claim~tass", "b-claim~tass"]),
        ({"state": "PRK"}, ["a-claim~reuters", "a-claim~tass"]),
        ({"reliability": "D"}, ["a-claim~tass", "b-claim~tass"]),
        ({"q": "reuters"}, ["a-claim~reuters"]),
        ({"source": "draft-source"}, []),
    ],
)
def test_filters(client, evidence, params, expected):
    assert keys(client, URL, **params) == expected


@pytest.mark.parametrize(
    "params, parameter",
    [({"claim": "a claim"}, "claim"), ({"event": "a,,b"}, "event"), ({"state": "XXX"}, "state"), ({"x": "1"}, "x")],
)
def test_a_bad_parameter_is_a_400_naming_it(client, evidence, params, parameter):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert parameter in response.json()


def test_pages_follow_each_other(client, evidence):
    first = client.get(URL, {"page_size": 2}).json()
    second = client.get(first["next"]).json()
    keys_seen = [row["key"] for row in first["results"] + second["results"]]
    assert keys_seen == ["a-claim~reuters", "a-claim~tass", "b-claim~tass"]
    assert second["next"] is None


def test_csv_is_the_fixture_format(client, evidence):
    rows = csv_rows(client.get(URL, {"format": "csv", "source": "tass"}))
    assert [(row["claim"], row["source"], row["locator"]) for row in rows] == [
        ("a-claim", "tass", "para 1"),
        ("b-claim", "tass", "para 1"),
    ]
    assert list(rows[0]) == ["claim", "source", "quote", "locator", "attribution"]


def build(rows: int) -> None:
    for n in range(rows):
        make_claim(slug=f"claim-{n:03d}", sources=[make_source(), make_source()])


@pytest.mark.parametrize("rows", [1, 50])
def test_a_page_costs_the_same_at_1_and_50_rows(client, django_assert_num_queries, rows):
    build(rows)
    with django_assert_num_queries(2):  # version, citations joined to claim and source
        response = client.get(URL, {"page_size": 100})
    assert len(response.json()["results"]) == 2 * rows


@pytest.mark.parametrize("rows", [1, 50])
def test_the_csv_costs_the_same_at_1_and_50_rows(client, django_assert_num_queries, rows):
    build(rows)
    with django_assert_num_queries(3):  # version, the time limit lifted, citations joined to claim and source
        response = client.get(URL, {"format": "csv"})
        assert len(csv_rows(response)) == 2 * rows


def test_a_detail_costs_two_queries(client, django_assert_num_queries, evidence):
    with django_assert_num_queries(2):
        assert client.get(f"{URL}b-claim~tass/").status_code == 200
