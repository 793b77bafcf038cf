"""``?as_of=``: every list and detail answers with what was public at a past moment.

The honest check: at each moment of a record's life the tests keep what the API answered then
(every list and every detail, JSON and CSV); asked later ``as_of`` that moment, the API must give
exactly the same. History rows carry their transaction's start time, so these tests commit each
write on its own (``transaction=True``), as the admin and imports do.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection

from curation.partial_dates import PartialDate
from curation.workflow.services import record_publish, record_unpublish
from curation.workflow.status import EditorialStatus
from events.models import Event, EventParticipant
from sources.models import Citation, Claim, Source
from sources.services import claim_retract
from tests.api_support import csv_rows, fresh_throttle  # noqa: F401
from tests.factories import (
    make_claim,
    make_claim_link,
    make_event,
    make_relationship,
    make_source,
    make_state,
    make_user,
)

LISTS = ("states", "events", "relationships", "claims", "sources", "citations")


def now() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT clock_timestamp()")
        return cursor.fetchone()[0].isoformat()


def row_key(resource: str, row: dict) -> str:
    if resource == "states":
        return row["iso3"]
    if resource == "citations":
        return row["key"] if "key" in row else f"{row['claim']}~{row['source']}"
    return row["key"]


def page(client, resource: str, **params) -> list[dict]:
    response = client.get(f"/api/{resource}/", {"page_size": 100, **params})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def snapshot(client, **params) -> dict:
    """Every list (JSON and CSV) and every detail of what the API answers."""
    answer = {}
    for resource in LISTS:
        rows = page(client, resource, **params)
        answer[resource] = rows
        response = client.get(f"/api/{resource}/", {"format": "csv", **params})
        assert response.status_code == 200
        answer[f"{resource}.csv"] = csv_rows(response)
        for row in rows:
            detail = client.get(f"/api/{resource}/{row_key(resource, row)}/", params)
            assert detail.status_code == 200, detail.content
            answer[f"{resource}/{row_key(resource, row)}"] = detail.json()
    return answer


@pytest.fixture
def reviewer(transactional_db):
    return make_user(role="Reviewer")


@pytest.mark.django_db(transaction=True)
def test_every_list_and_detail_as_of_each_moment_of_a_records_life_is_what_was_public_then(client, reviewer):
    moments, seen = [], []

    def remember():
        seen.append(snapshot(client))
        moments.append(now())

    remember()  # nothing yet
    reuters = make_source(slug="reuters", reliability="A")
    tass = make_source(slug="tass", reliability="C")
    drill = make_event(slug="drill", title="Naval drill", participants={"RUS": "host", "CHN": "participant"})
    make_relationship("CHN", "RUS", slug="partnership", founding_event=drill)
    first = make_claim(slug="drill-claim", event=drill, sources=[reuters, tass], states=["RUS"])
    remember()  # published

    Event.objects.filter(pk=drill.pk).update(title="Naval drill, revised", summary="Shells were fired.")
    EventParticipant.objects.create(event=drill, state=make_state("IRN"), role="observer")
    Source.objects.filter(pk=tass.pk).update(title="TASS, corrected")
    tass.based_on.add(reuters)  # one origin now: the claim's evidence and circular reporting change
    disputing = make_claim(slug="denial", event=drill, stance="disputes", sources=[make_source(slug="kcna")])
    Citation.objects.create(claim=disputing, source=reuters, quote="Reuters doubts it.", attribution="reports")
    make_claim_link(disputing, first)
    later = make_event(slug="later", participants={"PRK": "supplier"})
    remember()  # edited

    Citation.objects.filter(claim=first, source=reuters).delete()  # one citation left: no longer circular
    Citation.objects.filter(claim=disputing, source__slug="kcna").update(quote="KCNA, quoted again.")
    claim_retract(claim=disputing, reason="Withdrawn by its author.", user=reviewer)
    record_unpublish(record=tass, user=reviewer)
    Event.objects.filter(pk=later.pk).delete()
    remember()  # retracted, unpublished, deleted

    record_unpublish(record=drill, user=reviewer)
    Claim.objects.filter(slug="drill-claim").update(statement="Edited while hidden.")
    remember()  # the event gone from view, and its claims with it

    assert seen[1]["events/drill"]["title"] == "Naval drill"
    assert seen[2]["events/drill"]["title"] == "Naval drill, revised"
    assert len(seen[2]["events/drill"]["participants"]) == 3
    assert seen[1]["claims/drill-claim"]["circular_reporting"] is False
    assert seen[2]["claims/drill-claim"]["circular_reporting"] is True
    assert seen[3]["claims/drill-claim"]["circular_reporting"] is False
    assert seen[2]["claims/denial"]["independent_origins"] == 2
    assert "events/later" in seen[2] and "events/later" not in seen[3]
    assert "events/drill" not in seen[4] and "claims/drill-claim" not in seen[4]
    assert seen[0]["events"] == []
    for moment, then in zip(moments, seen, strict=True):
        assert snapshot(client, as_of=moment) == then, moment
    # A record asked for as of a moment when it was not public is a 404.
    assert client.get("/api/events/later/", {"as_of": moments[1]}).status_code == 404
    assert client.get("/api/events/drill/", {"as_of": moments[0]}).status_code == 404
    assert client.get("/api/events/drill/", {"as_of": moments[4]}).status_code == 404
    assert client.get("/api/events/drill/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_filters_apply_to_the_past_state(client, reviewer):
    drill = make_event(slug="drill", title="Naval drill", participants={"RUS": "host"})
    make_event(slug="other", title="Trade fair", participants={"CHN": "host"})
    make_claim(slug="drill-claim", event=drill)
    before = now()
    Event.objects.filter(pk=drill.pk).update(title="Missile launch")
    EventParticipant.objects.filter(event=drill).update(state=make_state("PRK"))
    make_event(slug="new-drill", title="Naval drill again", participants={"RUS": "host"})
    record_unpublish(record=Claim.objects.get(slug="drill-claim"), user=reviewer)

    def keys(resource, **params):
        return sorted(row_key(resource, row) for row in page(client, resource, as_of=before, **params))

    assert keys("events", participant="RUS") == ["drill"]
    assert keys("events", participant="Russia") == ["drill"]  # names resolved through the (live) names table
    assert keys("events", participant="PRK") == []
    assert keys("events", q="drill") == ["drill"]
    assert keys("events", q="missile") == []
    assert keys("claims", event="drill") == ["drill-claim"]
    assert keys("events", ordering="-claim_count,key")[:1] == ["drill"]
    assert [
        row["value"]
        for row in client.get("/api/events/", {"as_of": before, "facets": "participant"}).json()["facets"][
            "participant"
        ]
    ] == ["CHN", "RUS"]
    # Now, the same filters see the present.
    assert sorted(row["key"] for row in page(client, "events", participant="RUS")) == ["new-drill"]
    # updated_since within the past: changes after since and up to as_of only.
    since = now()
    make_event(slug="newest", participants={"RUS": "host"})
    assert keys("events", updated_since=since) == []
    assert [row["key"] for row in page(client, "events", updated_since=since)] == ["newest"]


@pytest.mark.django_db(transaction=True)
def test_as_of_a_release_is_what_the_release_holds(client, reviewer, settings, tmp_path):
    settings.AXISDB_RELEASES_DIR = tmp_path / "releases"
    drill = make_event(slug="drill", title="Naval drill")
    make_claim(slug="drill-claim", event=drill)
    call_command("release", "1.2", stdout=io.StringIO())
    released = snapshot(client)
    Event.objects.filter(pk=drill.pk).update(title="Renamed")
    make_event(slug="after-the-release")
    assert snapshot(client, as_of="1.2") == released
    assert snapshot(client, as_of="1.2")["events/drill"]["title"] == "Naval drill"
    response = client.get("/api/events/", {"as_of": "1.3"})
    assert response.status_code == 400
    assert "No release is numbered 1.3" in response.json()["as_of"][0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "value",
    ["yesterday", "2025-02-30", "2025-01-01T10:00:00", "2999-01-01", "2999-01-01T00:00:00Z", "9.9", "", "٢٠٢٥-01-01"],
)
@pytest.mark.parametrize("url", ["/api/events/", "/api/claims/", "/api/events/drill/", "/api/citations/"])
def test_a_bad_moment_is_a_400_naming_as_of(client, url, value):
    make_event(slug="drill")
    response = client.get(url, {"as_of": value})
    assert response.status_code == 400, response.content
    assert list(response.json()) == ["as_of"]


@pytest.mark.django_db
def test_as_of_given_twice_is_a_400(client):
    response = client.get("/api/events/?as_of=2025-01-01&as_of=2025-01-02")
    assert response.status_code == 400
    assert response.json() == {"as_of": ["Give this parameter once."]}


@pytest.mark.django_db
def test_a_date_means_the_end_of_that_day_and_before_any_record_the_lists_are_empty(client):
    make_event(slug="drill")
    today = datetime.datetime.now(datetime.UTC).date()
    yesterday = (today - datetime.timedelta(days=1)).isoformat()
    assert page(client, "events", as_of=yesterday) == []
    assert client.get("/api/events/", {"as_of": today.isoformat()}).status_code == 400  # its end is to come
    assert page(client, "events", as_of=now()) != []


@pytest.mark.django_db
def test_the_live_tables_are_read_again_after_an_answer_as_of_a_moment(client):
    """The past is held in temporary tables for one answer only: the next request on the same
    connection (here, the same transaction) reads the present."""
    before = (datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)).date().isoformat()
    make_event(slug="drill")
    assert page(client, "events", as_of=before) == []
    assert [row["key"] for row in page(client, "events")] == ["drill"]
    assert page(client, "events", as_of=before) == []
    assert b"drill" not in b"".join(client.get("/api/events/", {"as_of": before, "format": "csv"}).streaming_content)
    assert [row["key"] for row in page(client, "events")] == ["drill"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # the answer's own queries (as tests/test_api_query_counts.py pins them), and 4 more: a savepoint,
        # the tables rebuilt (one round trip), the savepoint rolled back and released
        ("/api/events/", 2 + 4),
        ("/api/events/drill/", 2 + 4),
        ("/api/claims/", 4 + 4),
        ("/api/states/", 2 + 4),
        ("/api/sources/", 2 + 4),
        ("/api/relationships/", 2 + 4),
    ],
)
@pytest.mark.parametrize("rows", [1, 20])
def test_an_answer_as_of_a_moment_costs_a_fixed_number_of_queries(
    client, django_assert_num_queries, url, queries, rows
):
    for n in range(rows):
        event = make_event(slug="drill" if n == 0 else f"event-{n}", participants={"RUS": "host", "CHN": "guest"})
        make_relationship("CHN", "RUS", founding_event=event, start=PartialDate(2000 + n), end=PartialDate(2000 + n))
        make_claim(event=event, states=["PRK"])
    moment = now()
    with django_assert_num_queries(queries):
        response = client.get(url, {"as_of": moment})
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_release_moment_costs_one_more_query(client, django_assert_num_queries):
    from releases.models import Release

    make_event(slug="drill")
    moment = datetime.datetime.fromisoformat(now())
    Release.objects.create(version="1", snapshot_at=moment, sha256="0" * 64)
    with django_assert_num_queries(2 + 4 + 1):
        response = client.get("/api/events/", {"as_of": "1"})
    assert [row["key"] for row in response.json()["results"]] == ["drill"]


@pytest.mark.django_db
def test_drafts_never_show_as_of_any_moment(client):
    make_event(slug="secret", status=EditorialStatus.DRAFT)
    assert page(client, "events", as_of=now()) == []


@pytest.mark.django_db(transaction=True)
def test_a_record_published_later_is_absent_before_and_present_after(client, reviewer):
    draft = make_event(slug="secret", status=EditorialStatus.DRAFT)
    before = now()
    record_publish(record=draft, user=reviewer)
    after = now()
    assert page(client, "events", as_of=before) == []
    assert [row["key"] for row in page(client, "events", as_of=after)] == ["secret"]


@pytest.mark.django_db(transaction=True)
def test_answers_as_of_each_moment_are_kept_and_revalidated_apart(client, settings, django_assert_num_queries):
    from django.core.cache import caches

    settings.AXISDB_API_RESPONSE_CACHE_ENTRIES = 500
    caches["api"].clear()
    drill = make_event(slug="drill", title="Naval drill")
    before = now()
    Event.objects.filter(pk=drill.pk).update(title="Renamed")
    after = now()
    try:
        old = client.get("/api/events/drill/", {"as_of": before})
        new = client.get("/api/events/drill/", {"as_of": after})
        assert old.json()["title"] == "Naval drill" and new.json()["title"] == "Renamed"
        assert old["ETag"] != new["ETag"] != client.get("/api/events/drill/")["ETag"]
        with django_assert_num_queries(1):  # kept in memory: the version's query only (a read opens no transaction)
            assert client.get("/api/events/drill/", {"as_of": before}).content == old.content
        with django_assert_num_queries(1):  # the front door's 304, no table rebuilt
            revalidated = client.get("/api/events/drill/", {"as_of": before}, HTTP_IF_NONE_MATCH=old["ETag"])
        assert revalidated.status_code == 304
        assert client.get("/api/events/drill/", {"as_of": after}, HTTP_IF_NONE_MATCH=old["ETag"]).status_code == 200
    finally:
        caches["api"].clear()


@pytest.mark.django_db
def test_the_schema_documents_as_of_on_every_list_and_detail(client):
    import yaml

    schema = yaml.safe_load(client.get("/api/schema/").content)
    for resource in LISTS:
        for path in (f"/api/{resource}/", next(p for p in schema["paths"] if p.startswith(f"/api/{resource}/{{"))):
            parameters = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
            assert "release number" in parameters["as_of"]["description"], path
            assert parameters["as_of"]["schema"]["type"] == "string"
            assert not {"default", "example", "examples"} & (
                set(parameters["as_of"]) | set(parameters["as_of"]["schema"])
            )


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/timeline/", "/network/"])
@pytest.mark.parametrize(("parameter", "value"), [("as_of", "2025-01-01"), ("updated_since", "2025-01-01T00:00:00Z")])
def test_the_explorer_draws_the_present_and_refuses_api_only_parameters_rather_than_ignore_them(
    client, url, parameter, value
):
    """``as_of`` and ``updated_since`` (what changed since a moment: a list for keeping a copy in step,
    not something the pages draw) are a 400 naming them, never silently dropped."""
    response = client.get(url, {parameter: value})
    assert response.status_code == 400
    assert f"<code>{parameter}</code>" in response.content.decode()
    assert parameter not in response.content.decode().split("This page takes:")[1]


@pytest.mark.django_db(transaction=True)
def test_origins_are_as_they_were_when_only_the_reliance_between_sources_changed_since(client):
    reuters, tass = make_source(slug="reuters"), make_source(slug="tass")
    drill = make_event(slug="drill")
    make_claim(slug="drill-claim", event=drill, sources=[reuters, tass])
    then = snapshot(client)
    moment = now()
    tass.based_on.add(reuters)  # no claim or citation is written: only the triggers' counts change
    assert client.get("/api/claims/drill-claim/").json()["circular_reporting"] is True
    assert then["claims/drill-claim"]["circular_reporting"] is False
    assert then["claims/drill-claim"]["independent_origins"] == 2
    assert snapshot(client, as_of=moment) == then


@pytest.mark.django_db(transaction=True)
def test_origins_are_as_they_were_when_only_a_citation_changed_since(client):
    reuters, tass = make_source(slug="reuters"), make_source(slug="tass")
    tass.based_on.add(reuters)
    drill = make_event(slug="drill")
    make_claim(slug="drill-claim", event=drill, sources=[reuters, tass])
    make_claim(slug="other-claim", event=drill, sources=[reuters])
    then = snapshot(client)
    moment = now()
    Citation.objects.filter(claim__slug="drill-claim", source=reuters).delete()
    Citation.objects.filter(claim__slug="other-claim").update(attribution="denies")
    assert client.get("/api/claims/drill-claim/").json()["circular_reporting"] is False
    assert then["claims/drill-claim"]["circular_reporting"] is True
    assert snapshot(client, as_of=moment) == then
