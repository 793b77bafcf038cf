"""API record reads cross their own middleware chain (``API_RECORDS_MIDDLEWARE``), and answer as through the
whole of ``MIDDLEWARE``: status, every header and the body, for every kind of answer a read can get."""

import pytest
from django.conf import settings
from django.test import Client, override_settings

from tests.api_support import fresh_throttle  # noqa: F401  (autouse)
from tests.factories import make_claim, make_event

pytestmark = pytest.mark.django_db

#: What a record read crossed before it had a chain of its own: everything after ApiRequestMiddleware.
WHOLE_CHAIN = settings.MIDDLEWARE[settings.MIDDLEWARE.index("axisdb.api_requests.ApiRequestMiddleware") + 1 :]

REQUESTS = [
    ("get", "/api/events/", {}),
    ("get", "/api/events/?page_size=1", {}),
    ("get", "/api/events/chained/", {}),
    ("head", "/api/events/chained/", {}),
    ("options", "/api/events/", {}),
    ("get", "/api/events/no-such-event/", {}),
    ("get", "/api/events/?page_size=0", {}),
    ("get", "/api/events/?nonsense=1", {}),
    ("get", "/api/events/?format=csv", {}),
    ("get", "/api/states/RUS/", {}),
    ("get", "/api/claims/", {"HTTP_ACCEPT": "text/csv"}),
]


def answers(**overrides) -> list[tuple]:
    with override_settings(AXISDB_API_RESPONSE_CACHE_ENTRIES=0, **overrides):
        client = Client()  # its handler, and so the chains, built under these settings
        result = []
        for method, url, headers in REQUESTS:
            response = getattr(client, method)(url, **headers)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            result.append((method, url, response.status_code, sorted(response.items()), body, response.cookies.keys()))
        return result


def test_a_record_read_answers_as_through_the_whole_chain():
    make_claim(event=make_event(slug="chained", title="Chained", participants={"RUS": "host", "CHN": "participant"}))
    own = answers()
    whole = answers(API_RECORDS_MIDDLEWARE=WHOLE_CHAIN)
    assert len(own) == len(REQUESTS)
    for ours, theirs in zip(own, whole, strict=True):
        assert ours == theirs
    statuses = {url: status for _, url, status, *_ in own}
    assert statuses["/api/events/no-such-event/"] == 404 and statuses["/api/events/?nonsense=1"] == 400
    headers = dict(own[0][3])
    assert headers["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in headers and headers["Content-Length"] == str(len(own[0][4]))


def test_cookies_are_left_alone():
    """The one difference: the admin's cookies play no part. Through the whole chain, a read's answer
    deleted a session cookie naming no session and replaced a malformed CSRF cookie, and a refused write
    (405) varied by Cookie, as the history middleware had looked for the session's user; none uses either."""
    make_event(slug="chained")
    with override_settings(AXISDB_API_RESPONSE_CACHE_ENTRIES=0):
        client = Client()
        read = client.get("/api/events/chained/", HTTP_COOKIE="sessionid=abc; csrftoken=def")
        write = client.post("/api/events/", HTTP_COOKIE="sessionid=abc")
    assert read.status_code == 200 and write.status_code == 405
    for response in (read, write):
        assert not response.cookies and "Cookie" not in response.get("Vary", "")


def test_the_chain_is_the_setting():
    """What shapes a record read's answer is the chain the setting names, not the rest of MIDDLEWARE."""
    make_event(slug="chained")
    bare = dict(answers(API_RECORDS_MIDDLEWARE=[])[2][3])
    assert "X-Frame-Options" not in bare and "Content-Security-Policy" not in bare
    own = dict(answers()[2][3])
    assert own["X-Frame-Options"] == "DENY"
