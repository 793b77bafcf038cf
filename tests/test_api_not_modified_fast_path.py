"""A conditional GET whose copy is current is answered 304 from the public data's version alone, before the
view runs, even when no answer is kept in memory; the ETag moves when published data changes (issue 15)."""

import pytest
from django.test import Client

from curation.api.viewsets import ResourceViewSet
from events.models import Event
from tests.api_support import fresh_throttle  # noqa: F401
from tests.factories import make_claim, make_event

pytestmark = pytest.mark.django_db

URLS = ["/api/events/", "/api/events/drill/", "/api/claims/?stance=supports", "/api/events/?format=csv"]


@pytest.fixture
def data(settings):
    settings.AXISDB_API_RESPONSE_CACHE_ENTRIES = 0  # uncached: nothing kept in memory answers it
    event = make_event(slug="drill", title="Naval drill", participants={"PRK": "host"})
    make_claim(slug="claim", event=event)


def view_never_runs(monkeypatch):
    monkeypatch.setattr(ResourceViewSet, "dispatch", lambda *args, **kwargs: pytest.fail("the view ran"))


@pytest.mark.parametrize("url", URLS)
def test_a_current_etag_costs_the_version_query_only(client, data, url, django_assert_num_queries, monkeypatch):
    first = client.get(url)
    assert first.status_code == 200
    view_never_runs(monkeypatch)
    with django_assert_num_queries(1) as captured:
        response = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert "curation_public_data_version" in captured.captured_queries[0]["sql"]
    assert response.status_code == 304 and response.content == b""
    for header in ("ETag", "Last-Modified", "Cache-Control"):
        assert response[header] == first[header]
    assert "Accept" in response["Vary"]


def test_if_modified_since_takes_the_same_path(client, data, django_assert_num_queries, monkeypatch):
    last_modified = client.get("/api/events/")["Last-Modified"]
    view_never_runs(monkeypatch)
    with django_assert_num_queries(1):
        response = client.get("/api/events/", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 304 and response["Last-Modified"] == last_modified


def test_another_format_or_a_stale_copy_reaches_the_view(client, data):
    etag = client.get("/api/events/")["ETag"]
    as_csv = client.get("/api/events/", HTTP_ACCEPT="text/csv", HTTP_IF_NONE_MATCH=etag)
    assert as_csv.status_code == 200 and as_csv["Content-Type"].startswith("text/csv")
    assert client.get("/api/events/drill/?format=csv", HTTP_IF_NONE_MATCH=etag).status_code == 400
    assert client.get("/api/events/", HTTP_IF_NONE_MATCH="*").status_code == 200


def test_the_etag_moves_when_published_data_changes(client, data):
    etag = client.get("/api/events/")["ETag"]
    assert client.get("/api/events/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    Event.objects.filter(slug="drill").update(title="Renamed drill")
    changed = client.get("/api/events/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "Renamed drill" in changed.content.decode()
    assert client.get("/api/events/", HTTP_IF_NONE_MATCH=changed["ETag"]).status_code == 304


def test_the_throttle_still_counts_a_304(client, data, settings):
    settings.AXISDB_API_ANON_RATE = "2/minute"
    etag = client.get("/api/events/")["ETag"]
    assert client.get("/api/events/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/api/events/", HTTP_IF_NONE_MATCH=etag).status_code == 429


@pytest.mark.parametrize("cached", [False, True])
def test_an_early_answer_keeps_the_sites_security_rules(client, settings, cached):
    """Answered before the view (a 304, or an answer kept in memory), it still gets the security headers every
    answer gets, a Host not allowed is a 400, and plain HTTP is sent to HTTPS where the site asks for it."""
    settings.AXISDB_API_RESPONSE_CACHE_ENTRIES = 100 if cached else 0
    make_event(slug="drill")
    first = client.get("/api/events/")
    for answer in (client.get("/api/events/"), client.get("/api/events/", HTTP_IF_NONE_MATCH=first["ETag"])):
        assert answer["X-Content-Type-Options"] == "nosniff"
        assert answer["Referrer-Policy"] == first["Referrer-Policy"]
        assert answer["Cross-Origin-Opener-Policy"] == first["Cross-Origin-Opener-Policy"]
        assert set(answer["Vary"].split(", ")) == set(first["Vary"].split(", "))
    settings.ALLOWED_HOSTS = ["testserver"]
    for headers in ({}, {"HTTP_IF_NONE_MATCH": first["ETag"]}):
        assert client.get("/api/events/", HTTP_HOST="evil.example", **headers).status_code == 400
    settings.SECURE_SSL_REDIRECT = True  # read when the middleware is made: a new client's handler
    redirected = Client().get("/api/events/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert redirected.status_code == 301 and redirected["Location"].startswith("https://")
