"""/api/claims/: representation (subject, stance, assessment, grades, quantity, citations), filters, ordering."""

from decimal import Decimal

import pytest

from curation.partial_dates import PartialDate
from curation.workflow.status import EditorialStatus
from sources.models import Citation, Claim
from tests.api_support import fresh_throttle, keys  # noqa: F401
from tests.factories import make_claim, make_claim_link, make_event, make_relationship, make_source

pytestmark = pytest.mark.django_db

URL = "/api/claims/"


def test_a_claim_carries_subject_grades_quantity_and_citations(client):
    event = make_event(slug="shells", title="Shells shipped", participants={"PRK": "supplier", "RUS": "recipient"})
    tie = make_relationship("PRK", "RUS", slug="arms", kind="arms_supplier")
    reuters = make_source(slug="reuters", title="Report", publisher="Reuters", reliability="B")
    rusi = make_source(slug="rusi", title="Analysis", publisher="RUSI", reliability="C")
    claim = make_claim(
        slug="rounds",
        statement="North Korea supplied about 2.5 million rounds.",
        claimant="South Korea's intelligence service",
        asserted=PartialDate(2024, 10),
        asserted_approximate=True,
        event=event,
        relationship=tie,
        states=["KOR"],
        stance="supports",
        credibility=2,
        assessment="corroborated",
        quantity_value=Decimal("2500000"),
        quantity_lower=Decimal("-1.5"),
        quantity_upper=Decimal("3000000.25"),
        quantity_unit="rounds",
        sources=[],
    )
    Citation.objects.create(claim=claim, source=rusi, quote="Roughly 2.5 million rounds.", locator="p. 4")
    Citation.objects.create(claim=claim, source=reuters, quote="Millions of shells.", locator="")

    body = client.get(f"{URL}rounds/").json()

    assert body == {
        "key": "rounds",
        "api_url": "http://testserver/api/claims/rounds/",
        "statement": "North Korea supplied about 2.5 million rounds.",
        "claimant": "South Korea's intelligence service",
        "asserted": {"value": "2024-10", "precision": "month", "approximate": True},
        "subject": {
            "event": {"key": "shells", "title": "Shells shipped", "api_url": "http://testserver/api/events/shells/"},
            "relationship": {
                "key": "arms",
                "kind": "arms_supplier",
                "state_a": "PRK",
                "state_b": "RUS",
                "api_url": "http://testserver/api/relationships/arms/",
            },
            "states": [{"iso3": "KOR", "name": "Republic of Korea", "short_name": "South Korea"}],
        },
        "stance": "supports",
        "assessment": "corroborated",
        "credibility": 2,
        "quantity": {"value": 2500000.0, "lower": -1.5, "upper": 3000000.25, "unit": "rounds"},
        "citations": [
            {
                "source": {
                    "key": "reuters",
                    "title": "Report",
                    "publisher": "Reuters",
                    "reliability": "B",
                    "api_url": "http://testserver/api/sources/reuters/",
                },
                "quote": "Millions of shells.",
                "locator": "",
                "attribution": "asserts",
            },
            {
                "source": {
                    "key": "rusi",
                    "title": "Analysis",
                    "publisher": "RUSI",
                    "reliability": "C",
                    "api_url": "http://testserver/api/sources/rusi/",
                },
                "quote": "Roughly 2.5 million rounds.",
                "locator": "p. 4",
                "attribution": "asserts",
            },
        ],
        "independent_origins": 2,
        "circular_reporting": False,
        "links": [],
    }
    assert client.get(URL).json()["results"] == [body]


def test_a_claim_without_number_event_or_date(client):
    fears = make_claim(slug="fears", states=["PRK", "RUS"], asserted=None, stance="disputes")
    make_claim_link(fears, make_claim(), "contradicts")  # what it disputes
    body = client.get(f"{URL}fears/").json()
    assert body["quantity"] is None
    assert body["asserted"] is None
    assert body["subject"]["event"] is None
    assert body["subject"]["relationship"] is None
    assert [state["iso3"] for state in body["subject"]["states"]] == ["PRK", "RUS"]


def test_a_range_without_a_central_value(client):
    make_claim(slug="troops", quantity_lower=10000, quantity_upper=12000, quantity_unit="troops")
    assert client.get(f"{URL}troops/").json()["quantity"] == {
        "value": None,
        "lower": 10000.0,
        "upper": 12000.0,
        "unit": "troops",
    }


@pytest.fixture
def claims():
    drill = make_event(slug="drill", participants={"RUS": "host", "CHN": "participant"})
    shells = make_event(slug="shells", participants={"PRK": "supplier", "RUS": "recipient"})
    ally = make_relationship("CHN", "PRK", slug="ally", kind="military_alliance")
    reuters = make_source(slug="reuters")
    study = make_source(slug="study", kind="academic_study")
    make_claim(
        slug="drill-third-year",
        statement="The navies exercised for the third year in a row.",
        claimant="Reuters",
        event=drill,
        sources=[reuters, make_source(slug="tass")],  # corroborated: two independent origins
        credibility=1,
        assessment="corroborated",
        asserted=PartialDate(2024, 3),
    )
    make_claim(
        slug="shells-millions",
        statement="Millions of artillery shells were shipped.",
        claimant="South Korea's intelligence service",
        event=shells,
        sources=[reuters, study],
        credibility=2,
        asserted=PartialDate(2024),
    )
    overstated = make_claim(
        slug="axis-overstated",
        statement="Fears of an axis are overstated.",
        claimant="A 2025 study",
        states=["PRK", "IRN"],
        sources=[study],
        stance="disputes",
        credibility=4,
        assessment="disputed",
        asserted=None,
    )
    make_claim_link(overstated, Claim.objects.get(slug="shells-millions"), "contradicts")
    make_claim(
        slug="sole-ally",
        statement="North Korea is China's sole military ally.",
        claimant="Tong Zhao",
        relationship=ally,
        sources=[reuters],
        stance="context",
        credibility=3,
        asserted=PartialDate(2025, 1, 5),
    )


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"event": "drill"}, {"drill-third-year"}),
        ({"event": "shells"}, {"shells-millions"}),
        ({"event": "no-such-event"}, set()),
        ({"event": "drill,shells"}, {"drill-third-year", "shells-millions"}),  # any of several keys
        ({"event": "no-such-event,shells"}, {"shells-millions"}),
        ({"relationship": "ally"}, {"sole-ally"}),
        ({"state": "PRK"}, {"shells-millions", "axis-overstated", "sole-ally"}),  # via event, tag, relationship
        ({"state": "CHN"}, {"drill-third-year", "sole-ally"}),
        ({"state": "IRN"}, {"axis-overstated"}),
        ({"state": "USA"}, set()),
        ({"stance": "disputes"}, {"axis-overstated"}),
        ({"stance": "context"}, {"sole-ally"}),
        ({"status": "disputed"}, {"axis-overstated"}),
        ({"status": "corroborated"}, {"drill-third-year"}),
        ({"assessment": "unverified"}, {"shells-millions", "sole-ally"}),
        ({"credibility": "1"}, {"drill-third-year"}),
        ({"credibility": "4"}, {"axis-overstated"}),
        ({"credibility": "6"}, set()),
        ({"claimant": "korea"}, {"shells-millions"}),  # contains, any case
        ({"claimant": "Tong Zhao"}, {"sole-ally"}),
        ({"source": "study"}, {"shells-millions", "axis-overstated"}),
        ({"source": "reuters", "state": "RUS"}, {"drill-third-year", "shells-millions"}),
        ({"source": "nowhere"}, set()),
        ({"q": "artillery"}, {"shells-millions"}),
        ({"q": "ally OR axis"}, {"sole-ally", "axis-overstated"}),
        ({"q": "zhao"}, {"sole-ally"}),  # the claimant is searched too
    ],
)
def test_filters(client, claims, params, expected):
    assert set(keys(client, URL, **params)) == expected


@pytest.fixture(params=["few matches", "many matches"])
def search_path(request, monkeypatch):
    """Both ways a search runs: a few matching keys read and filtered on, or (many) the list walked in its
    order, each claim checked; forced here by the threshold, which is 1,000 matches."""
    if request.param == "many matches":
        monkeypatch.setattr("curation.models.FEW_KEYS", 1)
    return request.param


@pytest.mark.parametrize(
    ("q", "expected"),
    [("artillery", {"shells-millions"}), ("ally OR axis", {"sole-ally", "axis-overstated"}), ("zhao", {"sole-ally"})],
)
def test_search_finds_the_same_claims_either_way(client, claims, search_path, q, expected):
    assert set(keys(client, URL, q=q)) == expected


def test_search_matches_citation_quotes(client, search_path):
    source = make_source(slug="kcna")
    claim = make_claim(slug="plain", statement="A statement.", sources=[])
    Citation.objects.create(claim=claim, source=source, quote="The hypersonic missile flew far.", locator="")
    make_claim(slug="other", statement="Another statement.")
    assert keys(client, URL, q="hypersonic") == ["plain"]
    assert keys(client, URL, q="missiles") == ["plain"]  # stemmed
    assert keys(client, URL, q="statement") == ["other", "plain"]


def test_search_ignores_quotes_from_draft_sources(client, search_path):
    draft = make_source(slug="draft-source", status=EditorialStatus.DRAFT)
    claim = make_claim(slug="plain", statement="A statement.", sources=[])
    Citation.objects.create(claim=claim, source=draft, quote="The hypersonic missile flew far.", locator="")
    assert keys(client, URL, q="hypersonic") == []


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("key", ["axis-overstated", "drill-third-year", "shells-millions", "sole-ally"]),
        ("-key", ["sole-ally", "shells-millions", "drill-third-year", "axis-overstated"]),
        ("credibility", ["drill-third-year", "shells-millions", "sole-ally", "axis-overstated"]),
        ("-credibility", ["axis-overstated", "sole-ally", "shells-millions", "drill-third-year"]),
        # A partial date sorts by its first day, then its last: 2024 before 2024-03.
        # Unknown dates come last in either direction.
        ("asserted", ["shells-millions", "drill-third-year", "sole-ally", "axis-overstated"]),
        ("-asserted", ["sole-ally", "drill-third-year", "shells-millions", "axis-overstated"]),
    ],
)
def test_ordering(client, claims, ordering, expected):
    assert keys(client, URL, ordering=ordering) == expected
