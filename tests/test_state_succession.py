"""Former states in the state API and on the state page (issue 11): when they existed and the state that
continues them (SUN 1922-1991 -> RUS), the former states a state continues, and no successor invented
where the data set names several (CSK)."""

import itertools

import pytest
from django.urls import reverse

from curation.partial_dates import PartialDate
from tests.factories import make_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def soviet_union():
    return make_state(
        "SUN",
        name="Union of Soviet Socialist Republics",
        short_name="Soviet Union",
        aliases=["USSR"],
        valid_from=PartialDate(1922, 12, 30),
        valid_until=PartialDate(1991, 12, 26),
        successor=make_state("RUS"),
    )


@pytest.fixture
def czechoslovakia():
    return make_state(
        "CSK",
        name="Czechoslovakia",
        short_name="Czechoslovakia",
        valid_from=PartialDate(1918, 10, 28),
        valid_until=PartialDate(1992, 12, 31),
    )


RUSSIA = {"iso3": "RUS", "name": "Russian Federation", "short_name": "Russia"}
SOVIET_UNION = {"iso3": "SUN", "name": "Union of Soviet Socialist Republics", "short_name": "Soviet Union"}


def test_a_former_state_shows_its_period_and_successor(client, soviet_union):
    body = client.get("/api/states/SUN/").json()
    assert body["former"] is True
    assert body["valid_from"] == {"value": "1922-12-30", "precision": "day", "approximate": False}
    assert body["valid_until"] == {"value": "1991-12-26", "precision": "day", "approximate": False}
    assert body["successor"] == RUSSIA
    assert body["predecessors"] == []


def test_the_successor_shows_the_former_states_it_continues(client, soviet_union):
    body = client.get("/api/states/RUS/").json()
    assert body["former"] is False
    assert body["valid_from"] is None and body["valid_until"] is None and body["successor"] is None
    assert body["predecessors"] == [SOVIET_UNION]


def test_no_successor_is_invented_for_a_state_with_several(client, czechoslovakia):
    body = client.get("/api/states/CSK/").json()
    assert body["former"] is True
    assert body["valid_until"]["value"] == "1992-12-31"
    assert body["successor"] is None


def test_the_list_shows_the_same(client, soviet_union, czechoslovakia):
    results = {state["iso3"]: state for state in client.get("/api/states/").json()["results"]}
    assert results["SUN"]["successor"] == RUSSIA
    assert results["RUS"]["predecessors"] == [SOVIET_UNION]
    assert results["CSK"]["successor"] is None and results["CSK"]["former"] is True


@pytest.mark.parametrize("n", [1, 50])
def test_the_list_costs_the_same_queries_at_1_and_50_former_states(client, django_assert_num_queries, n):
    successor = make_state("RUS")
    codes = ("".join(letters) for letters in itertools.product("ABCDEFGHIJ", repeat=3))
    for code in itertools.islice(codes, n):
        make_state(code, valid_from=PartialDate(1900), valid_until=PartialDate(1950), successor=successor)
    with django_assert_num_queries(2):  # the data version, the states with successor and predecessors
        response = client.get("/api/states/", {"page_size": 100})
    results = {state["iso3"]: state for state in response.json()["results"]}
    assert len(results) == n + 1
    assert len(results["RUS"]["predecessors"]) == n
    assert results["AAA"]["valid_until"]["value"] == "1950"


def test_the_former_states_page_says_when_it_existed_and_who_continues_it(client, soviet_union):
    html = client.get(reverse("explorer:state", args=["SUN"])).content.decode()
    assert "A state that no longer exists (ISO 3166-3 code SUN): it existed from 30 Dec 1922 to 26 Dec 1991." in html
    assert 'data-successor="RUS"' in html
    assert 'href="/api/events/?participant=RUS&amp;predecessors=true"' in html


def test_the_successors_page_names_the_former_state_and_keeps_their_events_apart(client, soviet_union):
    html = client.get(reverse("explorer:state", args=["RUS"])).content.decode()
    assert 'data-predecessors="SUN"' in html
    assert "Continues <a" in html and "Soviet Union</a> (SUN)" in html
    assert "A state that no longer exists" not in html


def test_a_page_without_a_successor_says_none_is_recorded(client, czechoslovakia):
    html = client.get(reverse("explorer:state", args=["CSK"])).content.decode()
    assert "from 28 Dec 1918" not in html and "from 28 Oct 1918 to 31 Dec 1992" in html
    assert "No single state is recorded as continuing it" in html
    assert "data-successor" not in html


def test_a_state_that_exists_says_nothing_of_succession(client):
    make_state("PRK")
    html = client.get(reverse("explorer:state", args=["PRK"])).content.decode()
    assert 'class="succession"' not in html
