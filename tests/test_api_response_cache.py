"""Repeated API requests are answered from memory, keyed on the public data's version: one query,
the same bytes; a change readers can see is served at once, a draft's changes nothing (issue 15)."""

import pytest
from django.core.cache import caches

from curation.workflow.status import EditorialStatus
from events.models import Event
from tests.api_support import fresh_throttle  # noqa: F401
from tests.factories import make_claim, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def response_cache(settings):
    settings.AXISDB_API_RESPONSE_CACHE_ENTRIES = 500
    caches["api"].clear()
    yield
    caches["api"].clear()


@pytest.fixture
def data():
    event = make_event(slug="drill", participants={"PRK": "host", "RUS": "participant"})
    make_claim(slug="claim", event=event)
    make_event(slug="draft", status=EditorialStatus.DRAFT)


@pytest.mark.parametrize("url", ["/api/events/", "/api/events/drill/", "/api/claims/?stance=supports"])
def test_a_repeated_request_costs_one_query_and_gets_the_same_answer(client, data, url, django_assert_num_queries):
    first = client.get(url)
    with django_assert_num_queries(1):
        again = client.get(url)
    assert again.status_code == 200
    assert again.content == first.content
    assert {name: again[name] for name in ("ETag", "Last-Modified", "Content-Type", "Cache-Control", "Vary")} == {
        name: first[name] for name in ("ETag", "Last-Modified", "Content-Type", "Cache-Control", "Vary")
    }


def test_a_stored_answer_gives_a_304_to_a_client_that_has_it(client, data, django_assert_num_queries):
    etag = client.get("/api/events/")["ETag"]
    with django_assert_num_queries(1):
        response = client.get("/api/events/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and response.content == b""
    assert response["ETag"] == etag


def test_a_visible_change_is_served_at_once_and_a_drafts_is_not_seen(client, data, django_assert_num_queries):
    before = client.get("/api/events/").content
    Event.objects.filter(slug="draft").update(title="Secret plan")
    with django_assert_num_queries(1):
        assert client.get("/api/events/").content == before
    Event.objects.filter(slug="drill").update(title="Renamed drill")
    assert "Renamed drill" in client.get("/api/events/").content.decode()


def test_each_representation_is_kept_apart(client, data):
    make_event(slug="other")
    json_page = client.get("/api/events/")
    small = client.get("/api/events/", {"page_size": 1})
    csv = client.get("/api/events/", HTTP_ACCEPT="text/csv")
    assert json_page.content != small.content
    assert csv["Content-Type"].startswith("text/csv")
    assert client.get("/api/events/", HTTP_ACCEPT="text/csv")["Content-Type"].startswith("text/csv")
    assert client.get("/api/events/").content == json_page.content


def test_errors_are_never_kept(client, data):
    assert client.get("/api/events/", {"type": "x"}).status_code == 400
    assert client.get("/api/events/", {"type": "x"}).status_code == 400
    assert client.get("/api/events/nothing/").status_code == 404


def test_the_throttle_still_counts_answers_from_memory(client, data, settings):
    settings.AXISDB_API_ANON_RATE = "3/minute"
    assert [client.get("/api/events/").status_code for _ in range(4)] == [200, 200, 200, 429]
