"""HTTP caching: ETag and Last-Modified from the data's last change, 304s, Cache-Control.

The validators come from the public data's version (see ``curation/api/caching.py``),
so they must change whenever what the API shows could change: an edit, a publish,
an unpublish, a delete, a change to a related record (drafts leave them alone:
``test_api_caching_drafts.py``).
"""

import datetime

import pytest
from django.utils.http import http_date

from curation.workflow.status import EditorialStatus
from events.models import Event, EventParticipant, State
from sources.models import Citation, Claim
from tests.api_support import fresh_throttle  # noqa: F401
from tests.factories import make_claim, make_event, make_relationship, make_source, make_state

pytestmark = pytest.mark.django_db

URLS = [
    "/api/states/",
    "/api/states/PRK/",
    "/api/events/",
    "/api/events/drill/",
    "/api/relationships/",
    "/api/relationships/tie/",
    "/api/claims/",
    "/api/claims/claim/",
    "/api/sources/",
    "/api/sources/source/",
]


@pytest.fixture
def data():
    source = make_source(slug="source")
    event = make_event(slug="drill", participants={"PRK": "host", "RUS": "participant"})
    make_relationship("CHN", "PRK", slug="tie", kind="military_alliance")
    make_claim(slug="claim", event=event, sources=[source])


@pytest.mark.parametrize("url", URLS)
def test_responses_carry_validators_and_may_be_cached_by_shared_caches(client, data, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["ETag"].startswith('W/"')
    assert datetime.datetime.strptime(response["Last-Modified"], "%a, %d %b %Y %H:%M:%S GMT")
    assert response["Cache-Control"] == "public, max-age=60"
    assert "Accept" in response["Vary"]


@pytest.mark.parametrize("url", URLS)
def test_if_none_match_gets_a_304_without_body(client, data, url):
    first = client.get(url)
    response = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == first["ETag"]
    assert response["Cache-Control"] == "public, max-age=60"


def test_if_none_match_comparison_is_weak_and_takes_lists(client, data):
    etag = client.get("/api/events/")["ETag"]
    strong = etag.removeprefix("W/")
    assert client.get("/api/events/", HTTP_IF_NONE_MATCH=strong).status_code == 304
    assert client.get("/api/events/", HTTP_IF_NONE_MATCH=f'"other", {etag}').status_code == 304
    assert client.get("/api/events/", HTTP_IF_NONE_MATCH='"other"').status_code == 200
    assert client.get("/api/events/", HTTP_IF_NONE_MATCH="garbage").status_code == 200


def test_if_none_match_star_never_hides_a_404(client, data):
    assert client.get("/api/events/nothing/", HTTP_IF_NONE_MATCH="*").status_code == 404
    assert client.get("/api/events/drill/", HTTP_IF_NONE_MATCH="*").status_code == 200


def test_if_modified_since(client, data):
    last_modified = client.get("/api/events/")["Last-Modified"]
    assert client.get("/api/events/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    later = http_date(datetime.datetime.now(tz=datetime.UTC).timestamp() + 3600)
    assert client.get("/api/events/", HTTP_IF_MODIFIED_SINCE=later).status_code == 304
    assert client.get("/api/events/", HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 1990 00:00:00 GMT").status_code == 200
    assert client.get("/api/events/", HTTP_IF_MODIFIED_SINCE="not a date").status_code == 200


def test_if_none_match_wins_over_if_modified_since(client, data):
    last_modified = client.get("/api/events/")["Last-Modified"]
    response = client.get("/api/events/", HTTP_IF_NONE_MATCH='"stale"', HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 200


def test_a_head_request_is_conditional_too(client, data):
    etag = client.head("/api/events/")["ETag"]
    assert client.head("/api/events/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_the_etag_names_one_representation(client, data):
    tags = {
        client.get("/api/events/")["ETag"],
        client.get("/api/events/", {"format": "csv"})["ETag"],
        client.get("/api/events/", HTTP_ACCEPT="text/csv")["ETag"],
        client.get("/api/events/", {"page_size": 1})["ETag"],
        client.get("/api/events/drill/")["ETag"],
        client.get("/api/claims/")["ETag"],
    }
    assert len(tags) == 6
    assert client.get("/api/events/")["ETag"] == client.get("/api/events/")["ETag"]


def test_errors_carry_no_validators(client, data):
    response = client.get("/api/events/", {"type": "x"})
    assert response.status_code == 400
    assert "ETag" not in response
    assert "Cache-Control" not in response
    assert "ETag" not in client.get("/api/events/nothing/")


def _publish(slug):
    Event.objects.filter(slug=slug).update(status=EditorialStatus.PUBLISHED)


CHANGES = {
    "publish an event": lambda: Event.objects.filter(slug="hidden").update(status=EditorialStatus.PUBLISHED),
    "unpublish an event": lambda: Event.objects.filter(slug="drill").update(status=EditorialStatus.DRAFT),
    "edit an event": lambda: Event.objects.filter(slug="drill").update(title="Renamed"),
    "delete an event": lambda: Event.objects.filter(slug="gone").delete(),
    "add a participant": lambda: EventParticipant.objects.create(
        event=Event.objects.get(slug="drill"), state=make_state("CHN")
    ),
    "rename a state": lambda: State.objects.filter(iso3="PRK").update(short_name="DPRK"),
    "retract a claim": lambda: Claim.objects.filter(slug="claim").update(status="retracted", retraction_reason="x"),
    "delete a citation": lambda: Citation.objects.all().delete(),
    "tag a claim with a state": lambda: Claim.objects.get(slug="claim").states.add(make_state("USA")),
    "create a published source": lambda: make_source(),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_the_validators_change_with_the_data(client, data, change):
    make_event(slug="hidden", status=EditorialStatus.DRAFT)
    make_event(slug="gone")
    before = {url: client.get(url)["ETag"] for url in ["/api/events/", "/api/claims/", "/api/states/"]}
    CHANGES[change]()
    for url, etag in before.items():
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200, (url, change)
        assert response["ETag"] != etag


def test_a_304_is_not_given_for_stale_copies_after_a_publish(client, data):
    make_event(slug="hidden", status=EditorialStatus.DRAFT)
    etag = client.get("/api/events/")["ETag"]
    assert client.get("/api/events/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    _publish("hidden")
    response = client.get("/api/events/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "hidden" in response.content.decode()


def test_the_max_age_is_configurable(client, data, settings):
    settings.AXISDB_API_CACHE_MAX_AGE = 5
    assert client.get("/api/events/")["Cache-Control"] == "public, max-age=5"
