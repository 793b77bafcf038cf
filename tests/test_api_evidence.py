"""The evidence in the API (issue 10): a claim's attributions, independent origins, circular-reporting
flag and links; the contradicted and circular_reporting filters; each event's and relationship's
evidence summary. Only what readers may see: links with published claims, published sources."""

import pytest
from django.db import connection

from sources.models import Citation
from tests.api_support import fresh_throttle, keys  # noqa: F401
from tests.factories import make_claim, make_claim_link, make_event, make_relationship, make_source

pytestmark = pytest.mark.django_db

CLAIMS = "/api/claims/"


def cite(claim, source, attribution="asserts"):
    Citation.objects.create(claim=claim, source=source, quote="Quoted.", attribution=attribution)


@pytest.fixture
def evidence():
    event = make_event(slug="drones", participants={"IRN": "supplier", "RUS": "recipient"})
    reuters = make_source(slug="reuters", reliability="B")
    blog_a, blog_b = make_source(slug="blog-a", reliability="D"), make_source(slug="blog-b", reliability="E")
    blog_a.based_on.add(reuters)
    echo = make_claim(slug="echo", event=event, sources=[])
    cite(echo, blog_a, "reports")
    cite(echo, blog_b, "reports")
    two = make_claim(slug="two", event=event, sources=[reuters, make_source(slug="tass", reliability="C")])
    denial = make_claim(slug="denial", event=event, stance="disputes", sources=[])
    cite(denial, make_source(slug="irna", reliability="C"), "denies")
    cite(denial, make_source(slug="kcna", reliability="F"), "asserts")
    make_claim_link(denial, two, "contradicts", note="Tehran denies it.")
    hidden = make_claim(slug="hidden", event=event, status="draft")
    make_claim_link(hidden, echo, "qualifies")
    return event


def test_a_claim_shows_its_origins_attributions_and_links(client, evidence):
    echo = client.get(f"{CLAIMS}echo/").json()
    assert (echo["independent_origins"], echo["circular_reporting"]) == (1, True)
    assert [c["attribution"] for c in echo["citations"]] == ["reports", "reports"]
    assert echo["links"] == []  # the draft claim's link is not shown

    two = client.get(f"{CLAIMS}two/").json()
    assert (two["independent_origins"], two["circular_reporting"]) == (2, False)
    assert two["links"] == [
        {
            "kind": "contradicts",
            "direction": "from",
            "claim": "denial",
            "api_url": "http://testserver/api/claims/denial/",
            "note": "Tehran denies it.",
        }
    ]
    assert client.get(f"{CLAIMS}denial/").json()["links"][0]["direction"] == "to"


def test_claims_filter_by_contradiction_and_circular_reporting(client, evidence):
    assert set(keys(client, CLAIMS, contradicted="true")) == {"denial", "two"}
    assert set(keys(client, CLAIMS, contradicted="false")) == {"echo"}
    assert set(keys(client, CLAIMS, circular_reporting="true")) == {"echo"}
    assert set(keys(client, CLAIMS, circular_reporting="false")) == {"two", "denial"}
    response = client.get(CLAIMS, {"contradicted": "yes please"})
    assert response.status_code == 400
    assert "contradicted" in response.json()


def test_an_event_carries_its_evidence_summary(client, evidence):
    body = client.get("/api/events/drones/").json()
    # Supports: echo (one origin, unnamed reports, reaching reuters through blog-a) and two (reuters, tass):
    # reuters is shared, so echo and two together lead back to two origins.
    assert body["evidence"] == {"supports": 2, "disputes": 1, "best_source_grade": "B", "contradicted": True}
    listed = client.get("/api/events/").json()["results"][0]
    assert listed["evidence"] == body["evidence"]


def test_a_relationship_without_claims_has_an_empty_summary(client):
    make_relationship("CHN", "PRK", slug="ally", kind="military_alliance")
    body = client.get("/api/relationships/ally/").json()
    assert body["evidence"] == {"supports": 0, "disputes": 0, "best_source_grade": None, "contradicted": False}


def test_the_schema_documents_the_evidence(client):
    import yaml

    schema = yaml.safe_load(client.get("/api/schema/").content)["components"]["schemas"]
    assert {"independent_origins", "circular_reporting", "links"} <= set(schema["Claim"]["properties"])
    assert "attribution" in schema["Citation"]["properties"]
    assert set(schema["EvidenceSummary"]["properties"]) == {"supports", "disputes", "best_source_grade", "contradicted"}
    assert "evidence" in schema["Event"]["properties"]


def test_contradicted_by_a_disputing_claim_or_a_contradicting_link_each_alone(client):
    contested = make_event(slug="contested")
    make_claim(slug="says-no", event=contested, stance="disputes", sources=[])
    linked = make_event(slug="linked")
    target = make_claim(slug="target", event=linked, sources=[])
    make_claim_link(make_claim(slug="elsewhere", event=make_event(slug="other"), sources=[]), target, "contradicts")
    quiet = make_event(slug="quiet")
    make_claim(slug="draft-denial", event=quiet, stance="disputes", status="draft", sources=[])
    about_quiet = make_claim(slug="about-quiet", event=quiet, sources=[])
    make_claim_link(make_claim(slug="draft-link", event=quiet, status="draft", sources=[]), about_quiet, "contradicts")
    flags = {row["key"]: row["evidence"]["contradicted"] for row in client.get("/api/events/").json()["results"]}
    assert flags == {"contested": True, "linked": True, "quiet": False, "other": False}
    assert client.get("/api/events/quiet/").json()["evidence"]["contradicted"] is False


def test_the_independent_origins_are_planned_once_per_connection():
    # PostgreSQL 18 plans each call of this SQL function afresh without it: 13.6 against 3.9 ms for the events
    # page at 300,000 events (sources/migrations/0015). A later CREATE OR REPLACE would drop the setting.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT proconfig FROM pg_proc WHERE oid = 'sources_independent_origins(bigint[])'::regprocedure"
        )
        assert cursor.fetchone()[0] == ["plan_cache_mode=force_generic_plan"]
