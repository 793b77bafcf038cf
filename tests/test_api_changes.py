"""/api/changes/ and ``updated_since``: a researcher keeps a copy in sync from the recorded history.

History rows carry their transaction's start time, so these tests commit each
write on its own (``transaction=True``), as the admin and imports do.
"""

import csv
import io

import pytest
from django.db import connection

from curation.partial_dates import PartialDate
from curation.workflow.services import record_publish, record_unpublish
from curation.workflow.status import EditorialStatus
from events.models import Event, EventParticipant
from sources.models import Source
from sources.services import claim_retract
from tests.api_support import fresh_throttle  # noqa: F401
from tests.factories import make_claim, make_event, make_source, make_state, make_user

LISTS = {
    "state": "/api/states/",
    "event": "/api/events/",
    "relationship": "/api/relationships/",
    "source": "/api/sources/",
    "claim": "/api/claims/",
    "citation": "/api/citations/",
}


def now() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT clock_timestamp()")
        return cursor.fetchone()[0].isoformat()


def row_key(kind: str, row: dict) -> str:
    if kind == "state":
        return row["iso3"]
    if kind == "citation":
        return f"{row['claim']}~{row['source']}"
    return row["key"]


def download(client, **params) -> dict[str, dict[str, dict]]:
    """Every list as CSV (the fixture format), by type and key."""
    copy = {}
    for kind, url in LISTS.items():
        response = client.get(url, {"format": "csv", **params})
        assert response.status_code == 200, response.content
        text = b"".join(response.streaming_content).decode()
        copy[kind] = {row_key(kind, row): row for row in csv.DictReader(io.StringIO(text))}
    return copy


def changes(client, since: str, **params) -> dict:
    response = client.get("/api/changes/", {"since": since, **params})
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def reviewer(transactional_db):
    return make_user(role="Reviewer")


@pytest.mark.django_db(transaction=True)
def test_a_researchers_sync_ends_with_exactly_a_fresh_download(client, reviewer):
    make_state("UKR")
    source = make_source(slug="reuters")
    other_source = make_source(slug="tass")
    drill = make_event(slug="drill", participants={"RUS": "host", "CHN": "participant"})
    gone = make_event(slug="to-delete", participants={"IRN": "host"})
    draft = make_event(slug="draft-event", status=EditorialStatus.DRAFT, participants={"PRK": "supplier"})
    make_claim(slug="about-draft", event=draft, sources=[source])  # published, hidden with its event
    retracted = make_claim(slug="to-retract", event=drill, sources=[source, other_source])
    make_claim(slug="cites-tass", event=drill, sources=[other_source])
    since = now()
    copy = download(client)
    assert "draft-event" not in copy["event"] and "about-draft" not in copy["claim"]

    record_publish(record=draft, user=reviewer)  # its claim and citation appear with it
    Source.objects.filter(pk=source.pk).update(title="Reuters, corrected title")  # an edit
    claim_retract(claim=retracted, reason="Denied by the ministry.", user=reviewer)  # withdrawn
    Event.objects.filter(pk=gone.pk).delete()  # deleted
    record_unpublish(record=other_source, user=reviewer)  # its citations vanish
    EventParticipant.objects.create(event=drill, state=make_state("UKR"), role="observer")  # a part changes

    feed = changes(client, since)
    for entry in feed["results"]:
        if entry["change"] == "withdrawn":
            copy[entry["type"]].pop(entry["key"], None)
    for kind, rows in download(client, updated_since=since).items():
        copy[kind].update(rows)

    assert copy == download(client)
    withdrawn = {(entry["type"], entry["key"]) for entry in feed["results"] if entry["change"] == "withdrawn"}
    assert {("claim", "to-retract"), ("event", "to-delete"), ("source", "tass"), ("citation", "cites-tass~tass")} <= (
        withdrawn
    )
    created = {(entry["type"], entry["key"]) for entry in feed["results"] if entry["change"] == "created"}
    assert {("event", "draft-event"), ("claim", "about-draft"), ("citation", "about-draft~reuters")} <= created


@pytest.mark.django_db(transaction=True)
def test_a_record_never_public_never_appears(client, reviewer):
    since = now()
    draft = make_event(slug="secret-plan", status=EditorialStatus.DRAFT)
    Event.objects.filter(pk=draft.pk).update(title="Still a draft")
    make_claim(slug="secret-claim", status=EditorialStatus.DRAFT, event=draft, sources=[make_source(slug="memo")])
    keys = {entry["key"] for entry in changes(client, since)["results"]}
    assert "secret-plan" not in keys and "secret-claim" not in keys
    assert not any(key.startswith("secret-claim~") for key in keys)
    assert "memo" in keys  # the published source is new


@pytest.mark.django_db(transaction=True)
def test_a_key_changed_while_public_withdraws_the_old_key(client):
    event = make_event(slug="old-key")
    since = now()
    Event.objects.filter(pk=event.pk).update(slug="new-key")
    entries = {(entry["key"], entry["change"]) for entry in changes(client, since)["results"]}
    assert {("old-key", "withdrawn"), ("new-key", "updated")} <= entries


@pytest.mark.django_db(transaction=True)
def test_entries_carry_type_key_time_and_url_and_next_resumes(client):
    since = now()
    make_event(slug="first", start=PartialDate(2024))
    body = changes(client, since)
    [entry] = [entry for entry in body["results"] if entry["type"] == "event"]
    assert entry["key"] == "first" and entry["change"] == "created"
    assert entry["api_url"] == "http://testserver/api/events/first/"
    assert body["more"] is False
    assert changes(client, body["next"].split("since=")[1].replace("%3A", ":").replace("%2B", "+"))["results"] == []


@pytest.mark.django_db(transaction=True)
def test_a_long_feed_stops_at_page_size_and_next_resumes(client):
    since = now()
    for n in range(5):
        make_event(slug=f"event-{n}", participants={"RUS": "host"})
    first = client.get("/api/changes/", {"since": since, "page_size": 2}).json()
    assert first["more"] is True
    second = client.get(first["next"]).json()
    seen = [(e["type"], e["key"]) for e in first["results"] + second["results"]]
    rest = client.get(second["next"]).json() if second["more"] else {"results": []}
    seen += [(e["type"], e["key"]) for e in rest["results"]]
    assert {key for kind, key in seen if kind == "event"} == {f"event-{n}" for n in range(5)}


@pytest.mark.django_db(transaction=True)
def test_updated_since_lists_only_what_changed(client):
    make_event(slug="old")
    since = now()
    make_event(slug="new")
    keys = [row["key"] for row in client.get("/api/events/", {"updated_since": since}).json()["results"]]
    assert keys == ["new"]


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({}, "since"),
        ({"since": "2025-01-01"}, "since"),  # no time
        ({"since": "2025-01-01T00:00:00"}, "since"),  # no offset
        ({"since": "yesterday"}, "since"),
        ({"since": "2025-01-01T00:00:00Z", "page_size": "0"}, "page_size"),
        ({"since": "2025-01-01T00:00:00Z", "colour": "red"}, "colour"),
    ],
)
@pytest.mark.django_db
def test_a_bad_parameter_is_a_400_naming_it(client, params, parameter):
    response = client.get("/api/changes/", params)
    assert response.status_code == 400
    assert parameter in response.json()


@pytest.mark.parametrize("kind", sorted(LISTS))
@pytest.mark.django_db
def test_an_updated_since_after_every_change_is_an_empty_csv_with_its_header(client, kind):
    # Nothing changed since then, so the filter is ``pk IN ()``, which compiles to no SQL at all.
    make_claim(event=make_event(), sources=[make_source()])
    response = client.get(LISTS[kind], {"format": "csv", "updated_since": "2503-03-09T00:00:00Z"})
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 1 and lines[0]


@pytest.mark.django_db
def test_a_bad_updated_since_is_a_400_naming_it(client):
    response = client.get("/api/events/", {"updated_since": "2025-13-01T00:00:00Z"})
    assert response.status_code == 400
    assert list(response.json()) == ["updated_since"]


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.django_db
def test_the_feed_costs_the_same_at_1_and_50_changes(client, django_assert_num_queries, rows):
    for n in range(rows):
        make_claim(slug=f"claim-{n}", event=make_event(), sources=[make_source()])
    with django_assert_num_queries(QUERIES):
        body = changes(client, "2000-01-01T00:00:00Z", page_size=100)
    assert len([entry for entry in body["results"] if entry["type"] == "claim"]) == rows


# Own and part history per type (6 + their parts: participants, citations, state links, claim links),
# the spreads and counts, then per type: public now and the versions at since (and for citations the keys
# of those), the clock, and the data version.
QUERIES = 32


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.django_db
def test_updated_since_costs_the_same_at_1_and_50_rows(client, django_assert_num_queries, rows):
    for n in range(rows):
        make_event(slug=f"event-{n}", participants={"RUS": "host"})
    with django_assert_num_queries(LIST_WITH_UPDATED_SINCE):
        response = client.get("/api/events/", {"updated_since": "2000-01-01T00:00:00Z", "page_size": 50})
    assert len(response.json()["results"]) == rows


# The events page (2) and what changed: the history reads of ``touched`` and the events public now.
LIST_WITH_UPDATED_SINCE = 2 + 17


@pytest.mark.parametrize(
    "since", ["0526-11-26T17:50:47.5-23:24", "0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"]
)
@pytest.mark.django_db
def test_any_offset_and_the_edges_of_time_are_taken(client, since):
    assert client.get("/api/changes/", {"since": since}).status_code == 200
    assert client.get("/api/events/", {"updated_since": since}).status_code == 200
