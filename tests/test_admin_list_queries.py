"""Every admin changelist runs a fixed number of queries, at 1 row and at 50, and counts big lists
by the planner's estimate ("About 300,000 claims") instead of reading every row (issue 15)."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from curation.admin import counting
from curation.partial_dates import PartialDate
from sources.models import Citation
from tests.factories import make_claim, make_event, make_relationship, make_states

pytestmark = pytest.mark.django_db
YEARS = itertools.count(1800)

#: Queries of one changelist request: session, user, history context, count (or estimate), the page,
#: then the page's related rows and counts (participants, states, citations, claims per source).
LISTS = {
    "/admin/events/event/": 8,
    "/admin/sources/claim/": 8,
    "/admin/sources/citation/": 5,
    "/admin/events/relationship/": 6,
    "/admin/sources/source/": 6,
    "/admin/events/state/": 5,
}


def build(rows: int) -> None:
    """``rows`` more of every kind, each with its related records (one tie a year, so none overlap)."""
    make_states("RUS", "CHN", "PRK", "IRN")
    for _ in range(rows):
        year = next(YEARS)
        event = make_event(participants={"RUS": "host", "PRK": "supplier"})
        tie = make_relationship("CHN", "RUS", start=PartialDate(year), end=PartialDate(year))
        make_claim(event=event, relationship=tie, states=["IRN"])


def queries(client, url: str) -> int:
    client.get(url)  # the session and anything cached per process, once
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", LISTS)
def test_a_changelist_runs_the_same_queries_at_one_and_at_fifty_rows(admin_client, url):
    build(1)
    one = queries(admin_client, url)
    build(49)
    assert Citation.objects.count() >= 50
    assert queries(admin_client, url) == one == LISTS[url]


def test_a_big_list_shows_the_estimate_and_a_small_one_its_exact_count(admin_client, monkeypatch):
    build(3)
    page = admin_client.get("/admin/events/event/").content.decode()
    assert "About" not in page and "3 events" in page
    monkeypatch.setattr(counting, "EXACT_BELOW", 0)
    page = admin_client.get("/admin/events/event/").content.decode()
    assert "About" in page and "events (estimated" in page
