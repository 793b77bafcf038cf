"""Each endpoint runs a fixed number of queries, whatever the page size.

Every list is measured at 1 and at 50 rows, each row with its related records
(participants, states, citations, claims), and the same number is pinned for
both: serialization never queries per row. The first query of every GET is the
data version behind the ETag (see test_api_caching).
"""

import pytest

from curation.partial_dates import PartialDate
from tests.api_support import fresh_throttle  # noqa: F401
from tests.factories import make_claim, make_event, make_relationship, make_source, make_states

STATES = ["RUS", "CHN", "IRN", "PRK", "USA", "UKR", "KOR"]

#: Queries per request: data version + rows + each prefetch.
LIST_QUERIES = {
    "/api/states/": 2,  # version, states
    "/api/events/": 2,  # version, events (participants, claim counts and evidence in subqueries)
    "/api/relationships/": 2,  # version, relationships joined to both states and the founding event
    "/api/claims/": 4,  # version, claims joined to event and relationship, their states, their citations
    "/api/sources/": 2,  # version, sources (each with its claim count)
}

# The whole list as CSV: the resource reads each related column once for the whole set.
#: Each: the version (with the API's time limit), the limit reset (the lines are read without it), then:
CSV_QUERIES = {
    "/api/states/": 3,  # states
    "/api/events/": 3,  # COPY of the events' lines (participants in the same statement)
    "/api/relationships/": 3,  # relationships joined to both states and the founding event
    "/api/claims/": 3,  # COPY of the claims' lines (states, event and relationship keys in it)
    "/api/sources/": 3,  # sources
}


def build(rows: int) -> dict[str, str]:
    """``rows`` records of every kind, each with related records; a detail key of each kind."""
    make_states(*STATES)
    sources = [make_source(slug=f"source-{n:03d}") for n in range(rows)]
    keys = {"states": "PRK"}
    for n in range(rows):
        event = make_event(
            slug=f"event-{n:03d}",
            start=PartialDate(2000 + n % 25, 1 + n % 12),
            participants={"RUS": "host", "PRK": "supplier", "CHN": "observer"},
        )
        first, second = sorted(STATES)[n % 7], sorted(STATES)[(n + 1) % 7]
        tie = make_relationship(
            first,
            second,
            slug=f"tie-{n:03d}",
            founding_event=event,
            start=PartialDate(1900 + n),
            end=PartialDate(1900 + n),
        )
        make_claim(
            slug=f"claim-{n:03d}",
            event=event,
            relationship=tie,
            states=["IRN", "KOR"],
            sources=[sources[n], sources[(n + 1) % rows]] if rows > 1 else [sources[n]],
            quantity_value=n,
            quantity_unit="rounds",
        )
        keys.update(events=event.slug, relationships=tie.slug, claims=f"claim-{n:03d}", sources=sources[n].slug)
    return keys


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize("url", list(LIST_QUERIES))
def test_a_list_page_costs_the_same_at_1_and_50_rows(client, django_assert_num_queries, url, rows):
    build(rows)
    with django_assert_num_queries(LIST_QUERIES[url]):
        response = client.get(url, {"page_size": 50})
    assert response.status_code == 200
    assert len(response.json()["results"]) == (rows if url != "/api/states/" else len(STATES))


@pytest.mark.django_db
@pytest.mark.parametrize("url", list(LIST_QUERIES))
def test_the_next_page_costs_the_same_as_the_first(client, django_assert_num_queries, url):
    build(10)
    first = client.get(url, {"page_size": 3}).json()
    with django_assert_num_queries(LIST_QUERIES[url]):
        response = client.get(first["next"])
    assert response.status_code == 200
    assert len(response.json()["results"]) == 3


@pytest.mark.django_db
@pytest.mark.parametrize("url", list(LIST_QUERIES))
def test_no_page_counts_rows(client, django_assert_max_num_queries, url):
    build(10)
    with django_assert_max_num_queries(LIST_QUERIES[url]) as captured:
        client.get(url)
    assert not any(query["sql"].upper().startswith("SELECT COUNT(") for query in captured.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("resource", ["states", "events", "relationships", "claims", "sources"])
def test_a_detail_costs_the_same_as_a_list_page(client, django_assert_num_queries, resource):
    keys = build(10)
    with django_assert_num_queries(LIST_QUERIES[f"/api/{resource}/"]):
        response = client.get(f"/api/{resource}/{keys[resource]}/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_not_modified_answer_costs_one_query(client, django_assert_num_queries):
    build(10)
    etag = client.get("/api/claims/")["ETag"]
    with django_assert_num_queries(1):
        response = client.get("/api/claims/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304


@pytest.mark.django_db
@pytest.mark.parametrize("url", list(CSV_QUERIES))
def test_csv_of_the_whole_list_costs_a_fixed_number_of_queries(client, django_assert_num_queries, url):
    build(50)
    with django_assert_num_queries(CSV_QUERIES[url]):
        response = client.get(url, {"format": "csv"})
        rows = b"".join(response.streaming_content).decode().count("\r\n") - 1
    assert rows == (50 if url != "/api/states/" else len(STATES))
