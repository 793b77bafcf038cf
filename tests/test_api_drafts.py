"""Only published records: a draft is invisible on every route.

Draft event, relationship, source and claim (and a retracted claim) are each
checked on the detail (404), the list, every filter and the search, the nested
representations of other records, their counts, and the CSV export.

What a published record shows of a draft (decided in ``sources/api/serializers.py``
and ``ClaimQuerySet.public``): a claim about a draft event or relationship is
hidden with it; a citation of a draft source is left out of its claim; a draft
founding event is shown as null.
"""

import pytest

from curation.workflow.status import EditorialStatus
from sources.models import Citation
from tests.api_support import csv_rows, fresh_throttle, keys  # noqa: F401
from tests.factories import make_claim, make_event, make_relationship, make_source

pytestmark = pytest.mark.django_db

DRAFT = EditorialStatus.DRAFT
LISTS = ["/api/events/", "/api/relationships/", "/api/claims/", "/api/sources/"]


def everything_on(client, url, **params) -> str:
    """Every JSON page and the CSV of a list, as text: nothing of a draft may appear in it."""
    pages = client.get(url, params).content.decode()
    csv = b"".join(client.get(url, {**params, "format": "csv"}).streaming_content).decode()
    return pages + csv


@pytest.fixture
def world():
    """Published records that point at drafts in every way the model allows."""
    draft_event = make_event(
        slug="secret-event", title="Secret summit", summary="Hush.", participants={"PRK": "host"}, status=DRAFT
    )
    event = make_event(slug="public-event", participants={"PRK": "host"})
    draft_tie = make_relationship("CHN", "PRK", slug="secret-tie", summary="Hush tie.", status=DRAFT)
    tie = make_relationship("IRN", "RUS", slug="public-tie", founding_event=draft_event)
    draft_source = make_source(slug="secret-source", title="Leaked memo", publisher="Hush Press", status=DRAFT)
    source = make_source(slug="public-source")
    claim = make_claim(slug="public-claim", event=event, relationship=tie, sources=[source], states=["PRK"])
    Citation.objects.create(claim=claim, source=draft_source, quote="Hush quote about missiles.", locator="x")
    make_claim(slug="claim-on-secret-event", statement="Hush claim one.", event=draft_event, sources=[source])
    make_claim(slug="claim-on-secret-tie", statement="Hush claim two.", relationship=draft_tie, sources=[source])
    make_claim(slug="secret-claim", statement="Hush claim three.", event=event, sources=[source], status=DRAFT)
    make_claim(
        slug="retracted-claim",
        statement="Hush claim four.",
        event=event,
        sources=[source],
        status=EditorialStatus.RETRACTED,
        retraction_reason="Withdrawn.",
    )
    make_claim(slug="privately-cited", statement="Cited in private.", sources=[draft_source])


HIDDEN_DETAILS = [
    "/api/events/secret-event/",
    "/api/relationships/secret-tie/",
    "/api/sources/secret-source/",
    "/api/claims/secret-claim/",
    "/api/claims/retracted-claim/",
    "/api/claims/claim-on-secret-event/",
    "/api/claims/claim-on-secret-tie/",
]


@pytest.mark.parametrize("url", HIDDEN_DETAILS)
def test_a_draft_detail_is_404(client, world, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Hush" not in response.content.decode()


@pytest.mark.parametrize("url", HIDDEN_DETAILS)
def test_a_draft_detail_as_csv_is_not_there_either(client, world, url):
    assert client.get(url, {"format": "csv"}).status_code == 400  # CSV is for lists only
    assert client.get(url, HTTP_ACCEPT="text/csv").status_code == 404


@pytest.mark.parametrize("url", LISTS)
def test_drafts_are_absent_from_lists_and_csv(client, world, url):
    text = everything_on(client, url)
    assert "secret" not in text
    assert "Hush" not in text
    assert "retracted" not in text


def test_what_the_lists_do_show(client, world):
    assert keys(client, "/api/events/") == ["public-event"]
    assert keys(client, "/api/relationships/") == ["public-tie"]
    assert keys(client, "/api/sources/") == ["public-source"]
    assert keys(client, "/api/claims/") == ["privately-cited", "public-claim"]


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/events/", {"participant": "PRK"}),
        ("/api/events/", {"participant_all": "PRK"}),
        ("/api/events/", {"role": "host"}),
        ("/api/events/", {"q": "secret OR summit OR hush"}),
        ("/api/events/", {"from": "2000"}),
        ("/api/relationships/", {"state": "PRK"}),
        ("/api/relationships/", {"pair": "CHN,PRK"}),
        ("/api/relationships/", {"q": "hush"}),
        ("/api/relationships/", {"active_on": "2024"}),
        ("/api/claims/", {"event": "secret-event"}),
        ("/api/claims/", {"relationship": "secret-tie"}),
        ("/api/claims/", {"state": "PRK"}),
        ("/api/claims/", {"state": "CHN"}),
        ("/api/claims/", {"source": "secret-source"}),
        ("/api/claims/", {"q": "hush"}),
        ("/api/claims/", {"q": "missiles"}),  # only in a draft source's quote
        ("/api/claims/", {"stance": "supports"}),
        ("/api/claims/", {"claimant": "Reuters"}),
        ("/api/sources/", {"q": "leaked OR memo"}),
        ("/api/sources/", {"publisher": "Hush Press"}),
        ("/api/sources/", {"from": "2000"}),
    ],
)
def test_drafts_are_absent_from_filters_and_search(client, world, url, params):
    text = everything_on(client, url, **params)
    assert "secret" not in text
    assert "Hush" not in text


def test_a_claim_on_a_secret_subject_is_neither_listed_nor_found_by_key(client, world):
    assert keys(client, "/api/claims/", event="secret-event") == []
    assert keys(client, "/api/claims/", relationship="secret-tie") == []
    assert keys(client, "/api/claims/", source="secret-source") == []
    assert keys(client, "/api/claims/", q="missiles") == []


def test_nested_representations_leave_drafts_out(client, world):
    claim = client.get("/api/claims/public-claim/").json()
    assert [citation["source"]["key"] for citation in claim["citations"]] == ["public-source"]
    only_secret = client.get("/api/claims/privately-cited/").json()
    assert only_secret["citations"] == []

    tie = client.get("/api/relationships/public-tie/").json()
    assert tie["founding_event"] is None

    event = client.get("/api/events/public-event/").json()
    assert event["claim_counts"] == {"supports": 1, "disputes": 0, "context": 0, "total": 1}

    source = client.get("/api/sources/public-source/").json()
    assert source["claim_count"] == 1  # not the claims on drafts, the draft nor the retracted one


def test_csv_leaves_draft_references_out(client, world):
    (tie,) = csv_rows(client.get("/api/relationships/", {"format": "csv"}))
    assert tie["founding_event"] == ""


def test_publishing_a_draft_makes_it_appear(client, world):
    from events.models import Event

    Event.objects.filter(slug="secret-event").update(status=EditorialStatus.PUBLISHED)
    assert client.get("/api/events/secret-event/").status_code == 200
    assert "claim-on-secret-event" in keys(client, "/api/claims/")
    assert client.get("/api/relationships/public-tie/").json()["founding_event"]["key"] == "secret-event"
