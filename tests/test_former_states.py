"""States that no longer exist (issue 11): their ISO 3166-3 codes, periods and successors,
and ``participant=RUS&predecessors=true`` in the events API."""

import pytest

from curation.partial_dates import PartialDate
from events.models import State
from tests.factories import make_event, make_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def soviet_union():
    russia = make_state("RUS")
    return make_state(
        "SUN",
        name="Union of Soviet Socialist Republics",
        short_name="Soviet Union",
        aliases=["USSR"],
        valid_from=PartialDate(1922, 12, 30),
        valid_until=PartialDate(1991, 12, 26),
        successor=russia,
    )


def keys(response):
    assert response.status_code == 200, response.content
    return sorted(event["key"] for event in response.json()["results"])


def test_a_former_state_keeps_its_iso_3166_3_code_and_its_successor(soviet_union):
    soviet_union.full_clean()
    assert soviet_union.is_former
    assert list(State.objects.get(iso3="RUS").predecessors.all()) == [soviet_union]
    assert State.objects.resolve("ussr") == soviet_union


def test_a_code_in_neither_iso_list_is_refused():
    with pytest.raises(Exception, match="nor a former one in ISO 3166-3"):
        State(iso3="XSU", name="Nowhere", short_name="Nowhere").full_clean()


def test_predecessors_true_includes_the_soviet_unions_events(client, soviet_union):
    make_event(slug="soviet-deal", participants={"SUN": "supplier"})
    make_event(slug="russian-deal", participants={"RUS": "supplier"})
    make_event(slug="other", participants={"CHN": "supplier"})

    assert keys(client.get("/api/events/", {"participant": "RUS"})) == ["russian-deal"]
    assert keys(client.get("/api/events/", {"participant": "RUS", "predecessors": "true"})) == [
        "russian-deal",
        "soviet-deal",
    ]
    assert keys(client.get("/api/events/", {"participant": "SUN"})) == ["soviet-deal"]


def test_predecessors_must_be_a_boolean(client):
    response = client.get("/api/events/", {"participant": "RUS", "predecessors": "maybe"})
    assert response.status_code == 400
    assert "predecessors" in response.json()
