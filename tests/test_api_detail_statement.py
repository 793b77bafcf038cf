"""A detail read through its statement compiled once per process (``curation.api.detail_statement``), and the
serializers' fields built once per class (``curation.api.serializers.RecordSerializer``): each answer is still
its own record, as the list shows it, with its own request's links."""

import pytest

from curation.workflow.status import EditorialStatus
from events.models import Event
from tests.api_support import fresh_throttle  # noqa: F401
from tests.factories import make_claim, make_event, make_source

pytestmark = pytest.mark.django_db


def test_an_event_detail_is_the_row_the_list_shows(client):
    event = make_event(participants={"IRN": "host", "RUS": "participant"}, place="Chabahar")
    make_claim(event=event)
    make_claim(event=event, stance="disputes")

    detail = client.get(f"/api/events/{event.slug}/").json()

    assert client.get("/api/events/").json()["results"] == [detail]
    assert detail["participants"][0]["iso3"] == "IRN" and detail["claim_counts"]["total"] == 2


def test_a_source_detail_is_the_row_the_list_shows(client):
    source = make_source(title="Reuters report")
    make_claim(event=make_event(), sources=[source])

    detail = client.get(f"/api/sources/{source.slug}/").json()

    assert [row for row in client.get("/api/sources/").json()["results"] if row["key"] == source.slug] == [detail]


def test_each_detail_reads_its_own_record_as_it_is_now(client):
    first, second = make_event(title="Naval drill"), make_event(title="Arms deal")
    assert client.get(f"/api/events/{first.slug}/").json()["title"] == "Naval drill"  # compiles the statement

    assert client.get(f"/api/events/{second.slug}/").json()["title"] == "Arms deal"
    Event.objects.filter(pk=first.pk).update(title="Naval drill, renamed")
    assert client.get(f"/api/events/{first.slug}/").json()["title"] == "Naval drill, renamed"


def test_a_draft_and_an_unknown_key_are_404_after_the_statement_is_compiled(client):
    published = make_event()
    draft = make_event(status=EditorialStatus.DRAFT)
    assert client.get(f"/api/events/{published.slug}/").status_code == 200

    for key in (draft.slug, "no-such-event"):
        response = client.get(f"/api/events/{key}/")
        assert response.status_code == 404
        assert response.json() == {"detail": "No Event matches the given query."}


def test_a_parameter_a_detail_does_not_take_is_400_after_the_statement_is_compiled(client):
    event = make_event()
    assert client.get(f"/api/events/{event.slug}/").status_code == 200

    response = client.get(f"/api/events/{event.slug}/", {"participant": "IRN"})

    assert response.status_code == 400
    assert "participant" in response.json()


def test_links_name_each_requests_own_scheme(client):
    """The fields are copied from one prototype per class: no request's context stays in them."""
    event = make_event()

    plain = client.get(f"/api/events/{event.slug}/").json()
    secure = client.get(f"/api/events/{event.slug}/", secure=True).json()
    listed = client.get("/api/events/", secure=True).json()["results"][0]

    assert plain["api_url"] == f"http://testserver/api/events/{event.slug}/"
    assert secure["api_url"] == listed["api_url"] == f"https://testserver/api/events/{event.slug}/"
    assert secure["claims_url"].startswith("https://testserver/api/claims/?event=")
