"""A repeated conditional GET whose 304 Django already gave is answered in front of Django with the same status
and headers, for one query; anything else still goes through Django (axisdb.not_modified_replay, issue 15)."""

import pytest
from django.core.signals import request_finished, request_started
from django.db import OperationalError, close_old_connections
from werkzeug.test import Client

from axisdb import api_requests, not_modified_replay
from axisdb.wsgi import application
from events.models import Event
from tests.api_support import fresh_throttle  # noqa: F401
from tests.factories import make_claim, make_event

pytestmark = pytest.mark.django_db

URLS = ["/api/events/", "/api/events/drill/", "/api/claims/?stance=supports", "/api/events/?format=csv"]


@pytest.fixture(autouse=True)
def wsgi_in_test_transaction():
    """The test's connection kept across WSGI requests, as Django's test client keeps it
    (tests/test_api_schemathesis.py), and nothing remembered from another test."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    application.forget()
    yield
    application.forget()
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def data(settings):
    settings.AXISDB_API_RESPONSE_CACHE_ENTRIES = 0
    event = make_event(slug="drill", title="Naval drill", participants={"PRK": "host"})
    make_claim(slug="claim", event=event)


@pytest.fixture
def django_runs(monkeypatch):
    """How many requests reached Django's middleware."""
    calls = []
    original = api_requests.ApiRequestMiddleware.__call__

    def counted(self, request):
        calls.append(request.get_full_path())
        return original(self, request)

    monkeypatch.setattr(api_requests.ApiRequestMiddleware, "__call__", counted)
    return calls


def get(url, headers=None, method="GET"):
    headers = dict(headers or {})
    client = Client(application)
    if "Cookie" in headers:  # the test client sends the cookies of its own jar only
        name, _, value = headers.pop("Cookie").partition("=")
        client.set_cookie(name, value)
    environ = {"HTTP_HOST": headers.pop("Host")} if "Host" in headers else {}
    return client.open(url, method=method, headers=headers, environ_overrides=environ)


def headers_of(response) -> list[tuple[str, str]]:
    return [(name, value) for name, value in response.headers.items() if name != "Content-Length"]


@pytest.mark.parametrize("url", URLS)
def test_the_second_304_is_djangos_for_the_version_query_alone(data, url, django_runs, django_assert_num_queries):
    etag = get(url).headers["ETag"]
    first = get(url, {"If-None-Match": etag})
    assert first.status_code == 304 and len(django_runs) == 2
    with django_assert_num_queries(1) as captured:
        again = get(url, {"If-None-Match": etag})
    assert "curation_public_data_version" in captured.captured_queries[0]["sql"]
    assert len(django_runs) == 2  # Django never saw it
    assert again.status_code == 304 and again.data == b""
    assert headers_of(again) == headers_of(first)
    assert again.headers["ETag"] == etag and "Accept" in again.headers["Vary"]


def test_a_head_is_replayed_as_a_head(data, django_runs):
    etag = get("/api/events/").headers["ETag"]
    first = get("/api/events/", {"If-None-Match": etag}, method="HEAD")
    again = get("/api/events/", {"If-None-Match": etag}, method="HEAD")
    assert first.status_code == again.status_code == 304 and len(django_runs) == 2
    assert headers_of(again) == headers_of(first)


def test_a_changed_version_goes_through_django(data, django_runs):
    etag = get("/api/events/").headers["ETag"]
    assert get("/api/events/", {"If-None-Match": etag}).status_code == 304
    Event.objects.filter(slug="drill").update(title="Renamed drill")
    changed = get("/api/events/", {"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert "Renamed drill" in changed.get_data(as_text=True)
    assert len(django_runs) == 3


@pytest.mark.parametrize(
    "headers",
    [
        {"Cookie": "sessionid=abc"},
        {"Accept": "text/csv"},
        {"Authorization": "Basic eDp5"},
    ],
    ids=["cookie", "another format", "credentials"],
)
def test_a_request_that_differs_goes_through_django(data, django_runs, headers):
    etag = get("/api/events/").headers["ETag"]
    assert get("/api/events/", {"If-None-Match": etag}).status_code == 304
    for _ in range(2):
        get("/api/events/", {"If-None-Match": etag, **headers})
    assert len(django_runs) == 4


def test_a_request_from_another_host_is_djangos_the_first_time(data, django_runs):
    etag = get("/api/events/").headers["ETag"]
    assert get("/api/events/", {"If-None-Match": etag}).status_code == 304
    assert get("/api/events/", {"If-None-Match": etag, "Host": "127.0.0.1"}).status_code == 304
    assert get("/api/events/", {"If-None-Match": etag, "Host": "127.0.0.1"}).status_code == 304
    assert len(django_runs) == 3


@pytest.mark.parametrize(
    ("url", "status"),
    [("/api/events/?format=xml", 400), ("/api/events/?unknown=1", 400), ("/api/nothing-here/", 404)],
)
def test_errors_are_never_replayed(data, django_runs, url, status):
    etag = get("/api/events/").headers["ETag"]
    for _ in range(2):
        assert get(url, {"If-None-Match": etag}).status_code == status
    assert len(django_runs) == 3


def test_a_post_goes_through_django(data, django_runs):
    etag = get("/api/events/").headers["ETag"]
    get("/api/events/", {"If-None-Match": etag})
    assert get("/api/events/", {"If-None-Match": etag}, method="POST").status_code == 405
    assert len(django_runs) == 3


def test_the_throttle_counts_a_replayed_304(data, settings, django_runs):
    settings.AXISDB_API_ANON_RATE = "3/minute"
    etag = get("/api/events/").headers["ETag"]
    assert get("/api/events/", {"If-None-Match": etag}).status_code == 304
    assert get("/api/events/", {"If-None-Match": etag}).status_code == 304
    assert len(django_runs) == 2  # the third request was replayed, and counted
    refused = get("/api/events/", {"If-None-Match": etag})
    assert refused.status_code == 429 and "Retry-After" in refused.headers


def test_a_database_error_sends_the_request_to_django(data, django_runs, monkeypatch):
    etag = get("/api/events/").headers["ETag"]
    first = get("/api/events/", {"If-None-Match": etag})

    def fails(**kwargs):
        raise OperationalError("connection lost")

    monkeypatch.setattr(not_modified_replay, "public_data_version", fails)
    again = get("/api/events/", {"If-None-Match": etag})
    assert again.status_code == 304 and headers_of(again) == headers_of(first)
    assert len(django_runs) == 3


@pytest.mark.django_db(transaction=True)
def test_the_version_statement_is_prepared_again_when_the_connection_lost_it(data, django_runs):
    # Committed data: a replay outside a transaction, as at a server's request start, uses its prepared statement.
    from django.db import connection

    etag = get("/api/events/").headers["ETag"]
    get("/api/events/", {"If-None-Match": etag})
    assert get("/api/events/", {"If-None-Match": etag}).status_code == 304 and len(django_runs) == 2
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # as a pooler's reset (DISCARD ALL) would
    again = get("/api/events/", {"If-None-Match": etag})
    assert again.status_code == 304 and len(django_runs) == 2  # still replayed


@pytest.mark.django_db(transaction=True)
def test_a_replay_outside_a_transaction_sees_the_version_move(data, django_runs):
    etag = get("/api/events/").headers["ETag"]
    get("/api/events/", {"If-None-Match": etag})
    assert get("/api/events/", {"If-None-Match": etag}).status_code == 304 and len(django_runs) == 2
    Event.objects.filter(slug="drill").update(title="Renamed drill")  # committed: the version moves
    changed = get("/api/events/", {"If-None-Match": etag})
    assert changed.status_code == 200 and "Renamed drill" in changed.data.decode()
    assert len(django_runs) == 3
