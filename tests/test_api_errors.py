"""Every error path: a bad parameter is a 400 naming it, never a 500; 404s and 429s are JSON.

Partial-date errors are in test_api_filters_dates, 405s in test_api_readonly.
"""

import pytest
from django.core import signing

from tests.api_support import fresh_throttle  # noqa: F401
from tests.factories import make_claim, make_event, make_relationship, make_source

pytestmark = pytest.mark.django_db

LISTS = ["/api/states/", "/api/events/", "/api/relationships/", "/api/claims/", "/api/sources/"]


@pytest.fixture
def data():
    event = make_event(slug="drill")
    make_event(slug="drill-2")
    make_relationship(slug="tie")
    make_claim(event=event)
    make_claim(event=event)


BAD_PARAMETERS = [
    # unknown ISO3 codes, and lists that are not lists of codes
    ("/api/events/", {"participant": "XYZ"}, "participant"),
    ("/api/events/", {"participant": "RUS,XYZ"}, "participant"),
    ("/api/events/", {"participant": "RUS,"}, "participant"),
    ("/api/events/", {"participant": "RUS PRK"}, "participant"),
    ("/api/events/", {"participant_all": "RUS,ZZZ"}, "participant_all"),
    ("/api/relationships/", {"state": "XXX"}, "state"),
    ("/api/relationships/", {"state": "RUS,CHN"}, "state"),
    ("/api/relationships/", {"pair": "RUS"}, "pair"),
    ("/api/relationships/", {"pair": "RUS,RUS"}, "pair"),
    ("/api/relationships/", {"pair": "RUS,CHN,PRK"}, "pair"),
    ("/api/relationships/", {"pair": "RUS,QQQ"}, "pair"),
    ("/api/claims/", {"state": "XSU"}, "state"),
    # unknown choices
    ("/api/events/", {"type": "invasion"}, "type"),
    ("/api/events/", {"role": "villain"}, "role"),
    ("/api/events/", {"domain": "space"}, "domain"),
    ("/api/relationships/", {"kind": "friendship"}, "kind"),
    ("/api/claims/", {"stance": "neutral"}, "stance"),
    ("/api/claims/", {"status": "published"}, "status"),  # an assessment status, not the editorial one
    ("/api/claims/", {"assessment": "true"}, "assessment"),
    ("/api/claims/", {"credibility": "7"}, "credibility"),
    ("/api/claims/", {"credibility": "0"}, "credibility"),
    ("/api/claims/", {"credibility": "high"}, "credibility"),
    ("/api/sources/", {"kind": "tweet"}, "kind"),
    ("/api/sources/", {"reliability": "G"}, "reliability"),
    ("/api/sources/", {"reliability": "a"}, "reliability"),
    ("/api/states/", {"axis_member": "yes"}, "axis_member"),
    ("/api/states/", {"axis_member": "1"}, "axis_member"),
    # unknown ordering
    ("/api/events/", {"ordering": "date"}, "ordering"),
    ("/api/events/", {"ordering": "-"}, "ordering"),
    ("/api/events/", {"ordering": "start,"}, "ordering"),
    ("/api/events/", {"ordering": "slug"}, "ordering"),  # the public name is key
    ("/api/relationships/", {"ordering": "state_a"}, "ordering"),
    ("/api/claims/", {"ordering": "--key"}, "ordering"),
    ("/api/sources/", {"ordering": "published,bogus"}, "ordering"),
    ("/api/states/", {"ordering": "population"}, "ordering"),
    # malformed keys and text
    ("/api/claims/", {"event": "not a key"}, "event"),
    ("/api/claims/", {"relationship": "x/y"}, "relationship"),
    ("/api/claims/", {"source": "k" * 121}, "source"),
    ("/api/claims/", {"q": "nul\x00byte"}, "q"),
    ("/api/claims/", {"claimant": "x" * 301}, "claimant"),
    ("/api/events/", {"q": "naval" + " " * 296}, "q"),  # 301 as sent: the schema's maxLength counts the blanks
    ("/api/sources/", {"publisher": "a\x00"}, "publisher"),
    ("/api/states/", {"q": "\x00"}, "q"),
    # empty and repeated parameters
    ("/api/events/", {"type": ""}, "type"),
    ("/api/events/", {"participant": ""}, "participant"),
    ("/api/events/", {"q": ""}, "q"),
    ("/api/events/", {"from": ""}, "from"),
    ("/api/events/", {"type": ["proposal", "arms_transfer"]}, "type"),
    ("/api/events/", {"page_size": ["1", "2"]}, "page_size"),
    # page size
    ("/api/events/", {"page_size": "101"}, "page_size"),
    ("/api/events/", {"page_size": "100000000"}, "page_size"),
    ("/api/events/", {"page_size": "0"}, "page_size"),
    ("/api/events/", {"page_size": "-1"}, "page_size"),
    ("/api/events/", {"page_size": "ten"}, "page_size"),
    ("/api/events/", {"page_size": "1.5"}, "page_size"),
    ("/api/events/", {"page_size": " 5"}, "page_size"),
    ("/api/events/", {"page_size": ""}, "page_size"),
    # cursor
    ("/api/events/", {"cursor": "abc"}, "cursor"),
    ("/api/events/", {"cursor": ""}, "cursor"),
    ("/api/events/", {"cursor": "eyJvIjpbXX0:1abc:forged"}, "cursor"),
    # format
    ("/api/events/", {"format": "xml"}, "format"),
    ("/api/events/", {"format": ""}, "format"),
    ("/api/events/", {"format": "api"}, "format"),
    ("/api/events/drill/", {"format": "csv"}, "format"),
]


@pytest.mark.parametrize(("url", "params", "name"), BAD_PARAMETERS)
def test_a_bad_parameter_is_a_400_naming_it(client, data, url, params, name):
    response = client.get(url, params)
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert list(body) == [name]
    assert all(isinstance(message, str) and message for message in body[name])


def test_several_bad_parameters_are_all_named(client, data):
    response = client.get("/api/events/", {"type": "x", "participant": "XYZ", "ordering": "y"})
    assert response.status_code == 400
    assert set(response.json()) == {"type", "participant", "ordering"}


def test_a_message_quotes_the_bad_value(client, data):
    assert (
        "'XYZ' is neither an ISO 3166-1 alpha-3 code"
        in client.get("/api/events/", {"participant": "XYZ"}).json()["participant"][0]
    )
    # A value that looks like a format string is quoted, not interpreted.
    response = client.get("/api/events/", {"participant": "%s%(x)s"})
    assert response.status_code == 400
    assert "%s%(x)s" in response.json()["participant"][0]


def test_the_page_size_cap_is_not_applied_silently(client, data, settings):
    settings.AXISDB_API_MAX_PAGE_SIZE = 1
    assert client.get("/api/events/", {"page_size": "1"}).status_code == 200
    response = client.get("/api/events/", {"page_size": "2"})
    assert response.status_code == 400
    assert "At most 1 results per page" in response.json()["page_size"][0]


def cursor_of(client, url, **params):
    from urllib.parse import parse_qs, urlsplit

    next_url = client.get(url, {"page_size": 1, **params}).json()["next"]
    return parse_qs(urlsplit(next_url).query)["cursor"][0]


def test_a_cursor_for_another_ordering_is_a_400(client, data):
    cursor = cursor_of(client, "/api/events/")
    assert client.get("/api/events/", {"cursor": cursor}).status_code == 200
    response = client.get("/api/events/", {"cursor": cursor, "ordering": "title"})
    assert response.status_code == 400
    assert list(response.json()) == ["cursor"]


def test_a_cursor_of_another_list_is_a_400(client, data):
    make_source(slug="s1")
    make_source(slug="s2")
    cursor = cursor_of(client, "/api/claims/")  # ordered by key, like the sources
    assert client.get("/api/claims/", {"cursor": cursor}).status_code == 200
    response = client.get("/api/sources/", {"cursor": cursor})
    assert response.status_code == 400
    assert response.json() == {"cursor": ["This cursor belongs to another list."]}


def test_a_tampered_cursor_is_a_400(client, data):
    cursor = cursor_of(client, "/api/events/")
    payload = signing.loads(cursor, salt="axisdb.api.cursor")
    forged = signing.dumps(payload, salt="another salt")
    assert client.get("/api/events/", {"cursor": forged}).status_code == 400
    assert client.get("/api/events/", {"cursor": cursor[:-2]}).status_code == 400


@pytest.mark.parametrize(
    "url",
    [
        "/api/events/no-such-event/",
        "/api/claims/no-such-claim/",
        "/api/sources/no-such-source/",
        "/api/relationships/no-such-tie/",
        "/api/states/XYZ/",
        "/api/nothing/",
        "/api/events/a/b/",
        "/api/events/a.b/",
        "/api/events/%00/",
        "/api/events/%0A/",
        "/api/states/prk/",
    ],
)
def test_an_unknown_url_is_a_json_404(client, data, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}


def test_a_list_url_without_its_slash_redirects(client, data):
    response = client.get("/api/events")
    assert response.status_code == 301
    assert response["Location"] == "/api/events/"


def test_an_unacceptable_accept_header_gets_json_not_406(client, data):
    response = client.get("/api/events/", HTTP_ACCEPT="application/xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_errors_are_json_even_when_csv_was_asked_for(client, data):
    response = client.get("/api/events/", {"format": "csv", "type": "x"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    response = client.get("/api/events/", {"type": "x"}, HTTP_ACCEPT="text/csv")
    assert response.status_code == 400
    assert response.json() == {"type": ["Select a valid choice. x is not one of the available choices."]}


@pytest.mark.parametrize("url", [*LISTS, "/api/events/drill/", "/api/", "/api/schema/"])
def test_anonymous_clients_are_throttled(client, data, settings, url):
    settings.AXISDB_API_ANON_RATE = "2/minute"
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    response = client.get(url)
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert int(response["Retry-After"]) > 0
    assert "throttled" in response.json()["detail"]


def test_the_throttle_counts_per_address(client, data, settings):
    settings.AXISDB_API_ANON_RATE = "1/minute"
    assert client.get("/api/events/", REMOTE_ADDR="10.0.0.1").status_code == 200
    assert client.get("/api/events/", REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.get("/api/events/", REMOTE_ADDR="10.0.0.2").status_code == 200
    # A forged X-Forwarded-For does not make a new client (no trusted proxy by default).
    assert client.get("/api/events/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4").status_code == 429


@pytest.mark.parametrize("rate", ["lots", "0/hour", "10/fortnight", "10"])
def test_a_malformed_rate_stops_the_process(rate):
    import os
    import subprocess
    import sys

    environment = {
        **os.environ,
        "AXISDB_API_ANON_RATE": rate,
        "DATABASE_URL": "postgresql://nobody@127.0.0.1:9/none",  # parsed, never connected to
    }
    result = subprocess.run(
        [sys.executable, "-c", "import axisdb.settings"], env=environment, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert f"AXISDB_API_ANON_RATE={rate!r} is not a rate" in result.stderr
