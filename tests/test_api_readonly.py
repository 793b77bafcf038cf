"""Read-only: POST, PUT, PATCH and DELETE answer 405 on every route and change nothing."""

import json

import pytest

from events.models import Event, EventParticipant, Relationship, State
from sources.models import Citation, Claim, Source
from tests.api_support import fresh_throttle  # noqa: F401
from tests.factories import make_claim, make_event, make_relationship

pytestmark = pytest.mark.django_db

ROUTES = [
    "/api/",
    "/api/schema/",
    "/api/docs/",
    "/api/redoc/",
    "/api/states/",
    "/api/states/PRK/",
    "/api/events/",
    "/api/events/drill/",
    "/api/relationships/",
    "/api/relationships/ally/",
    "/api/claims/",
    "/api/claims/claim/",
    "/api/sources/",
    "/api/sources/source/",
]
METHODS = ["post", "put", "patch", "delete"]
MODELS = [State, Event, EventParticipant, Relationship, Source, Claim, Citation]


@pytest.fixture
def data():
    event = make_event(slug="drill", participants={"PRK": "host"})
    make_relationship("CHN", "PRK", slug="ally", kind="military_alliance")
    make_claim(slug="claim", event=event, sources=[])
    from tests.factories import make_source

    source = make_source(slug="source")
    Citation.objects.create(claim=Claim.objects.get(slug="claim"), source=source, quote="Q.", locator="")


def snapshot():
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in MODELS}


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("url", ROUTES)
def test_writes_are_405_and_change_nothing(client, data, url, method):
    before = snapshot()
    payload = json.dumps({"key": "new", "title": "Injected", "status": "published", "iso3": "FRA"})
    response = getattr(client, method)(url, payload, content_type="application/json")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": f'Method "{method.upper()}" not allowed.'}
    assert snapshot() == before


@pytest.mark.parametrize("url", ROUTES)
def test_a_form_post_with_bad_parameters_is_still_405(client, data, url):
    response = client.post(url + "?format=nope&page_size=0", {"title": "x"})
    assert response.status_code == 405


@pytest.mark.parametrize("url", ROUTES)
def test_reads_are_allowed(client, data, url):
    assert client.get(url).status_code == 200
    assert client.head(url).status_code == 200
    options = client.options(url)
    assert options.status_code == 200
    assert options["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize("method", ["TRACE", "QUERY", "CONNECT"])
def test_other_methods_are_405_too(client, data, method):
    response = client.generic(method, "/api/events/")
    assert response.status_code == 405
