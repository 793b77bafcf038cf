"""/api/events/: representation, every filter but the date window (test_api_filters_dates), ordering."""

import pytest

from curation.partial_dates import PartialDate
from curation.workflow.status import EditorialStatus
from tests.api_support import fresh_throttle, keys  # noqa: F401
from tests.factories import make_claim, make_event, make_relationship

pytestmark = pytest.mark.django_db

URL = "/api/events/"


def test_an_event_carries_participants_dates_place_and_claim_counts(client):
    event = make_event(
        slug="gulf-of-oman-naval-exercise-2024",
        title="China-Iran-Russia naval exercise",
        summary="The third year in a row.",
        domains=["military", "diplomatic"],
        start=PartialDate(2024, 3),
        end=PartialDate(2024, 3, 15),
        end_approximate=True,
        place="Gulf of Oman",
        participants={"IRN": "host", "RUS": "participant", "CHN": "participant"},
    )
    make_claim(event=event)
    make_claim(event=event)
    make_claim(event=event, stance="disputes")
    make_claim(event=event, stance="context")
    make_claim(event=event, status=EditorialStatus.DRAFT)  # not counted
    make_claim(event=event, status=EditorialStatus.RETRACTED, retraction_reason="Wrong.")  # not counted
    draft_tie = make_relationship(status=EditorialStatus.DRAFT)
    make_claim(event=event, relationship=draft_tie)  # hidden with its draft relationship: not counted

    body = client.get(f"{URL}{event.slug}/").json()

    assert body == {
        "key": "gulf-of-oman-naval-exercise-2024",
        "api_url": "http://testserver/api/events/gulf-of-oman-naval-exercise-2024/",
        "title": "China-Iran-Russia naval exercise",
        "summary": "The third year in a row.",
        "type": "military_exercise",
        "domains": ["military", "diplomatic"],
        "start": {"value": "2024-03", "precision": "month", "approximate": False},
        "end": {"value": "2024-03-15", "precision": "day", "approximate": True},
        "place": "Gulf of Oman",
        "participants": [
            {"iso3": "CHN", "name": "People's Republic of China", "short_name": "China", "role": "participant"},
            {"iso3": "IRN", "name": "Islamic Republic of Iran", "short_name": "Iran", "role": "host"},
            {"iso3": "RUS", "name": "Russian Federation", "short_name": "Russia", "role": "participant"},
        ],
        "claim_counts": {"supports": 2, "disputes": 1, "context": 1, "total": 4},
        # Each claim cites a source of its own (B): two origins for, one against, which disputes it.
        "evidence": {"supports": 2, "disputes": 1, "best_source_grade": "B", "contradicted": True},
        "claims_url": "http://testserver/api/claims/?event=gulf-of-oman-naval-exercise-2024",
    }
    assert client.get(URL).json()["results"] == [body]


def test_an_event_without_claims_counts_zero(client):
    event = make_event(start=PartialDate(2025))
    body = client.get(f"{URL}{event.slug}/").json()
    assert body["claim_counts"] == {"supports": 0, "disputes": 0, "context": 0, "total": 0}
    assert body["start"] == {"value": "2025", "precision": "year", "approximate": False}
    assert body["end"] is None


def test_an_unknown_key_is_404(client):
    response = client.get(f"{URL}no-such-event/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No Event matches the given query."}


@pytest.fixture
def events():
    return {
        "drill": make_event(slug="drill", participants={"RUS": "host", "CHN": "participant", "IRN": "participant"}),
        "shells": make_event(
            slug="shells",
            type="arms_transfer",
            domains=["military", "economic"],
            participants={"PRK": "supplier", "RUS": "recipient"},
        ),
        "treaty": make_event(
            slug="treaty",
            type="treaty_agreement",
            domains=["diplomatic"],
            participants={"RUS": "signatory", "IRN": "signatory"},
        ),
        "proposal": make_event(
            slug="proposal", type="proposal", participants={"RUS": "proposer", "CHN": "target", "PRK": "target"}
        ),
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"participant": "PRK"}, {"shells", "proposal"}),
        ({"participant": "PRK,IRN"}, {"drill", "shells", "treaty", "proposal"}),
        ({"participant": "CHN,IRN"}, {"drill", "treaty", "proposal"}),
        ({"participant": "USA"}, set()),
        ({"participant_all": "RUS,PRK"}, {"shells", "proposal"}),
        ({"participant_all": "RUS,CHN,IRN"}, {"drill"}),
        ({"participant_all": "RUS,USA"}, set()),
        ({"participant": "PRK", "role": "supplier"}, {"shells"}),
        ({"participant": "RUS", "role": "recipient"}, {"shells"}),
        ({"participant": "CHN,PRK", "role": "target"}, {"proposal"}),
        ({"participant_all": "CHN,PRK", "role": "target"}, {"proposal"}),
        ({"participant_all": "RUS,PRK", "role": "target"}, set()),
        ({"role": "signatory"}, {"treaty"}),
        ({"role": "observer"}, set()),
        ({"participant": "IRN", "participant_all": "RUS,CHN"}, {"drill"}),
        ({"type": "arms_transfer"}, {"shells"}),
        ({"type": "military_exercise"}, {"drill"}),
        ({"domain": "economic"}, {"shells"}),
        ({"domain": "military"}, {"drill", "shells", "proposal"}),
        ({"domain": "diplomatic"}, {"treaty"}),
        ({"domain": "nuclear"}, set()),
        ({"type": "arms_transfer", "participant": "CHN"}, set()),
    ],
)
def test_filters(client, events, params, expected):
    assert set(keys(client, URL, **params)) == expected


def test_full_text_search_in_web_search_syntax(client):
    make_event(slug="naval", title="Naval exercise in the Gulf of Oman", summary="Ships of three navies.")
    make_event(slug="shells", title="Artillery shells shipped", summary="Trains carried the shells.", place="")
    make_event(slug="drill", title="Air drill", summary="Fighter jets.", place="Vladivostok")

    assert keys(client, URL, q="exercises") == ["naval"]  # English stemming
    assert set(keys(client, URL, q="naval OR shell")) == {"naval", "shells"}
    assert keys(client, URL, q='"gulf of oman"') == ["naval"]
    assert set(keys(client, URL, q="gulf -naval")) == set()
    assert keys(client, URL, q="vladivostok") == ["drill"]  # the place is searched too
    assert keys(client, URL, q="trains") == ["shells"]  # and the summary
    assert keys(client, URL, q="submarine") == []
    assert keys(client, URL, q="(((") == []  # web search syntax never errors


def test_search_combines_with_filters(client):
    make_event(slug="naval-ru", title="Naval exercise", participants={"RUS": "host"})
    make_event(slug="naval-cn", title="Naval exercise", participants={"CHN": "host"})
    assert keys(client, URL, q="naval", participant="CHN") == ["naval-cn"]


def test_default_order_is_newest_first_then_key(client):
    make_event(slug="b-2023", start=PartialDate(2023))
    make_event(slug="a-2024-03", start=PartialDate(2024, 3))
    make_event(slug="c-2024-03", start=PartialDate(2024, 3))
    make_event(slug="d-2024-03-17", start=PartialDate(2024, 3, 17))
    # A month sorts as the whole month, after its first day and before its last.
    assert keys(client, URL) == ["d-2024-03-17", "a-2024-03", "c-2024-03", "b-2023"]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("start", ["old", "mid", "new"]),
        ("-start", ["new", "mid", "old"]),
        ("title", ["mid", "new", "old"]),
        ("-title", ["old", "new", "mid"]),
        ("key", ["mid", "new", "old"]),
        ("-key", ["old", "new", "mid"]),
        ("end,key", ["old", "new", "mid"]),
        ("-end,key", ["new", "old", "mid"]),  # unknown values last, in either direction
    ],
)
def test_ordering(client, ordering, expected):
    make_event(slug="old", title="Zeta", start=PartialDate(2001), end=PartialDate(2002))
    make_event(slug="mid", title="Alpha", start=PartialDate(2010))
    make_event(slug="new", title="Beta", start=PartialDate(2020), end=PartialDate(2021))
    assert keys(client, URL, ordering=ordering) == expected


def test_an_undated_event_has_a_null_start_sorts_last_and_matches_no_window(client):
    make_event(slug="dated", start=PartialDate(2001))
    make_event(slug="undated", start=None)
    body = client.get(f"{URL}undated/").json()
    assert body["start"] is None
    assert body["end"] is None
    assert keys(client, URL) == ["dated", "undated"]
    assert keys(client, URL, ordering="start") == ["dated", "undated"]
    assert keys(client, URL, ordering="-start") == ["dated", "undated"]
    assert keys(client, URL, **{"from": "1000"}) == ["dated"]
    assert keys(client, URL, **{"to": "9998"}) == ["dated"]
