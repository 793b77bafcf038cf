"""Events' JSON built by PostgreSQL (``curation.api.json_sql``) is the serializer's, value for value.

The serializer (``EventSerializer`` with the fields ``sources`` contributes) stays the definition of an
event's representation; the API answers with the object PostgreSQL builds for it. These tests put the
two side by side, record by record, on the seed fixtures and on events made to reach every branch:
each kind of partial date, approximate or not, no date, no end, no place, no domains, several
participants, claims of every stance, drafts that must not count, a contradiction by link.
"""

import json

import pytest
from django.core.management import call_command
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from curation.partial_dates import PartialDate
from curation.registry import registry
from curation.workflow.status import EditorialStatus
from events.api.serializers import EventSerializer
from events.models import Event
from sources.choices import Stance
from tests.api_support import fresh_throttle  # noqa: F401  (autouse)
from tests.factories import make_claim, make_claim_link, make_event, make_source

pytestmark = pytest.mark.django_db


def serialized(host: str = "testserver") -> dict[str, dict]:
    """Every published event as the serializer represents it (the representation's definition), by key."""
    request = Request(APIRequestFactory().get("/api/events/", HTTP_HOST=host))
    records = Event.objects.published().with_participant_refs()
    for contribution in registry.api_contributions(EventSerializer):
        records = contribution.prepare(records)
    data = EventSerializer(records, many=True, context={"request": request}).data
    return {item["key"]: json.loads(json.dumps(item)) for item in data}


def answered(client, **headers) -> dict[str, dict]:
    """Every published event as the API lists it, page after page, by key."""
    listed, url = {}, "/api/events/?page_size=40"
    while url:
        response = client.get(url, **headers)
        assert response.status_code == 200, response.content
        body = response.json()
        listed.update((item["key"], item) for item in body["results"])
        url = body["next"]
    return listed


def awkward_events():
    """Events that reach every branch of the representation."""
    make_event(slug="day-approximate", start=PartialDate(2024, 3, 17, approximate=True), end=PartialDate(2024, 4))
    make_event(slug="year-to-year", start=PartialDate(2018), end=PartialDate(2022, approximate=True))
    make_event(slug="february-leap", start=PartialDate(2024, 2), end=PartialDate(2024, 2, 29))
    make_event(slug="december-ninth-year", start=PartialDate(9, 12, 31), end=PartialDate(10))
    make_event(slug="undated", start=None, place="", domains=[], summary="")
    crowded = make_event(
        slug="crowded",
        title='Quotes " and \\ and \u2028 and \u00e9 and \u4e2d and \t',
        participants={"RUS": "host", "CHN": "participant", "IRN": "observer", "PRK": "participant"},
        domains=["military", "technological", "economic"],
    )
    best = make_source(reliability="A")
    draft_source = make_source(reliability="A", status=EditorialStatus.DRAFT)
    supported = make_claim(event=crowded, stance=Stance.SUPPORTS, sources=[best])
    make_claim(event=crowded, stance=Stance.SUPPORTS, sources=[make_source(reliability="C")])
    make_claim(event=crowded, stance=Stance.CONTEXT)
    make_claim(event=crowded, stance=Stance.DISPUTES, status=EditorialStatus.DRAFT)  # not counted
    linked = make_event(slug="contradicted-by-link")
    target = make_claim(event=linked, stance=Stance.SUPPORTS, sources=[draft_source])
    make_claim_link(make_claim(event=crowded, stance=Stance.CONTEXT), target, kind="contradicts")
    disputed = make_event(slug="disputed")
    make_claim(event=disputed, stance=Stance.DISPUTES)
    make_claim_link(make_claim(event=disputed, stance=Stance.SUPPORTS), supported, kind="corroborates")
    make_event(slug="draft-event", status=EditorialStatus.DRAFT)


def test_the_seed_fixtures_are_represented_as_the_serializer_represents_them(client):
    call_command("import_fixtures", "fixtures", verbosity=0)
    expected = serialized()
    assert len(expected) > 10
    assert answered(client) == expected


def test_every_branch_is_represented_as_the_serializer_represents_it(client):
    awkward_events()
    expected = serialized()
    got = answered(client)
    assert (
        set(got)
        == set(expected)
        == {
            "day-approximate",
            "year-to-year",
            "february-leap",
            "december-ninth-year",
            "undated",
            "crowded",
            "contradicted-by-link",
            "disputed",
        }
    )
    assert got == expected
    # The members in the serializer's order, the contributed ones last.
    assert list(got["crowded"]) == list(EventSerializer().fields)
    assert got["undated"]["start"] is None and got["undated"]["end"] is None
    assert got["crowded"]["claim_counts"] == {"supports": 2, "disputes": 0, "context": 2, "total": 4}
    assert got["contradicted-by-link"]["evidence"]["contradicted"] is True
    assert got["contradicted-by-link"]["evidence"]["best_source_grade"] is None  # its one source is a draft


def test_a_detail_is_its_list_entry(client):
    awkward_events()
    listed = answered(client)
    for key in ("crowded", "december-ninth-year", "undated"):
        response = client.get(f"/api/events/{key}/")
        assert response.status_code == 200
        assert response.json() == listed[key]


def test_links_are_the_requests_own(client):
    """The links name the scheme and host the request came by, though a detail's statement is kept."""
    make_event(slug="linked")
    first = client.get("/api/events/linked/", HTTP_HOST="testserver").json()
    other = client.get("/api/events/linked/", HTTP_HOST="127.0.0.1").json()
    assert first["api_url"] == "http://testserver/api/events/linked/"
    assert other["api_url"] == "http://127.0.0.1/api/events/linked/"
    assert other["claims_url"] == "http://127.0.0.1/api/claims/?event=linked"
    listed = answered(client, HTTP_HOST="127.0.0.1")
    assert listed["linked"] == other == serialized(host="127.0.0.1")["linked"]


def test_the_bytes_are_what_drf_would_write(client):
    """Compact, UTF-8, and the two line separators escaped, as DRF's JSONRenderer writes them."""
    make_event(slug="separators", title="one\u2028two\u2029three \u00e9")
    drf = JSONRenderer()
    body = client.get("/api/events/separators/").content
    assert b'"title":"one\\u2028two\\u2029three \xc3\xa9"' in body
    assert body == drf.render(json.loads(body))
    page = client.get("/api/events/?facets=type").content
    assert page.startswith(b'{"next":null,"previous":null,"results":[{"key":"separators",')
    assert page == drf.render(json.loads(page))


def test_an_indented_answer_is_laid_out_for_reading(client):
    make_event(slug="indented")
    response = client.get("/api/events/", HTTP_ACCEPT="application/json; indent=2")
    assert response.content.startswith(b'{\n  "next": null,')
    assert response.json()["results"][0]["key"] == "indented"
    detail = client.get("/api/events/indented/", HTTP_ACCEPT="application/json; indent=2")
    assert detail.content.startswith(b'{\n  "key": "indented",')
