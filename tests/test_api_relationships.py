"""/api/relationships/: representation, filters, ordering."""

import pytest

from curation.partial_dates import PartialDate
from curation.workflow.status import EditorialStatus
from tests.api_support import fresh_throttle, keys  # noqa: F401
from tests.factories import make_claim, make_event, make_relationship

pytestmark = pytest.mark.django_db

URL = "/api/relationships/"


def test_a_relationship_carries_both_states_direction_period_and_founding_event(client):
    treaty = make_event(slug="treaty-signing", title="Treaty signed", type="treaty_agreement")
    tie = make_relationship(
        "RUS",
        "IRN",
        slug="russia-iran-partnership",
        kind="comprehensive_strategic_partnership",
        start=PartialDate(2025, 1, 17),
        founding_event=treaty,
        summary="Signed in Moscow.",
    )
    make_claim(relationship=tie, stance="context")

    body = client.get(f"{URL}{tie.slug}/").json()

    assert body == {
        "key": "russia-iran-partnership",
        "api_url": "http://testserver/api/relationships/russia-iran-partnership/",
        "kind": "comprehensive_strategic_partnership",
        "directed": False,
        # A mutual tie is stored with its states in alphabetical order.
        "state_a": {"iso3": "IRN", "name": "Islamic Republic of Iran", "short_name": "Iran"},
        "state_b": {"iso3": "RUS", "name": "Russian Federation", "short_name": "Russia"},
        "start": {"value": "2025-01-17", "precision": "day", "approximate": False},
        "end": None,
        "founding_event": {
            "key": "treaty-signing",
            "title": "Treaty signed",
            "api_url": "http://testserver/api/events/treaty-signing/",
        },
        "summary": "Signed in Moscow.",
        "claim_counts": {"supports": 0, "disputes": 0, "context": 1, "total": 1},
        "evidence": {"supports": 0, "disputes": 0, "best_source_grade": "B", "contradicted": False},
        "claims_url": "http://testserver/api/claims/?relationship=russia-iran-partnership",
    }
    assert client.get(URL).json()["results"] == [body]


def test_a_directed_tie_keeps_its_direction(client):
    tie = make_relationship(
        "RUS", "CHN", kind="arms_supplier", start=PartialDate(2018), start_approximate=True, end=PartialDate(2022)
    )
    body = client.get(f"{URL}{tie.slug}/").json()
    assert body["directed"] is True
    assert (body["state_a"]["iso3"], body["state_b"]["iso3"]) == ("RUS", "CHN")
    assert body["start"] == {"value": "2018", "precision": "year", "approximate": True}
    assert body["end"] == {"value": "2022", "precision": "year", "approximate": False}
    assert body["founding_event"] is None


def test_an_unknown_start_is_null(client):
    tie = make_relationship(start=None, start_approximate=False)
    assert client.get(f"{URL}{tie.slug}/").json()["start"] is None


@pytest.fixture
def ties():
    return {
        "ally": make_relationship("CHN", "PRK", slug="ally", kind="military_alliance", summary="Sole military ally."),
        "arms": make_relationship("RUS", "CHN", slug="arms", kind="arms_supplier", summary="83% of arms imports."),
        "oil": make_relationship("CHN", "IRN", slug="oil", kind="energy_buyer", summary="China buys Iranian oil."),
        "csp": make_relationship(
            "IRN", "RUS", slug="csp", kind="comprehensive_strategic_partnership", summary="Treaty of January 2025."
        ),
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"state": "CHN"}, {"ally", "arms", "oil"}),
        ({"state": "PRK"}, {"ally"}),
        ({"state": "USA"}, set()),
        ({"pair": "CHN,PRK"}, {"ally"}),
        ({"pair": "PRK,CHN"}, {"ally"}),  # either order
        ({"pair": "CHN,RUS"}, {"arms"}),
        ({"pair": "RUS,PRK"}, set()),
        ({"kind": "arms_supplier"}, {"arms"}),
        ({"kind": "military_alliance", "state": "CHN"}, {"ally"}),
        ({"kind": "military_alliance", "state": "RUS"}, set()),
        ({"q": "oil"}, {"oil"}),
        ({"q": "treaty january"}, {"csp"}),
        ({"q": "imports", "state": "RUS"}, {"arms"}),
    ],
)
def test_filters(client, ties, params, expected):
    assert set(keys(client, URL, **params)) == expected


def test_default_order_is_by_states_then_kind(client, ties):
    assert keys(client, URL) == ["oil", "ally", "csp", "arms"]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("start", ["b", "a", "c"]),  # unknown starts last
        ("-start", ["a", "b", "c"]),  # descending too
        ("kind,key", ["a", "c", "b"]),
        ("-end,key", ["b", "a", "c"]),
        ("-key", ["c", "b", "a"]),
    ],
)
def test_ordering(client, ordering, expected):
    make_relationship("CHN", "PRK", slug="a", kind="military_alliance", start=PartialDate(1961))
    make_relationship(
        "CHN", "RUS", slug="b", kind="strategic_partnership", start=PartialDate(1901), end=PartialDate(2000)
    )
    make_relationship("IRN", "RUS", slug="c", kind="military_alliance", start=None)
    assert keys(client, URL, ordering=ordering) == expected


def test_a_draft_founding_event_is_not_shown(client):
    draft = make_event(status=EditorialStatus.DRAFT)
    tie = make_relationship(founding_event=draft)
    assert client.get(f"{URL}{tie.slug}/").json()["founding_event"] is None
