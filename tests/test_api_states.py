"""/api/states/: every state, by ISO3 code; filters and ordering."""

import pytest

from tests.api_support import fresh_throttle, keys  # noqa: F401
from tests.factories import make_state, make_states

pytestmark = pytest.mark.django_db

URL = "/api/states/"


def test_a_state_by_its_iso3_code(client):
    make_state("PRK", wikidata_id="Q423")
    assert client.get(f"{URL}PRK/").json() == {
        "iso3": "PRK",
        "name": "Democratic People's Republic of Korea",
        "short_name": "North Korea",
        "aliases": ["DPRK", "Pyongyang"],
        "is_axis_member": True,
        "wikidata_id": "Q423",
        "former": False,
        "valid_from": None,
        "valid_until": None,
        "successor": None,
        "predecessors": [],
        "api_url": "http://testserver/api/states/PRK/",
    }


def test_an_unknown_code_is_404(client):
    make_state("PRK")
    assert client.get(f"{URL}FRA/").status_code == 404
    assert client.get(f"{URL}prk/").status_code == 404  # codes are capitals
    assert client.get(f"{URL}PRKX/").status_code == 404
    assert client.get(f"{URL}PRK/")["Content-Type"] == "application/json"


@pytest.fixture
def states():
    make_states("RUS", "CHN", "IRN", "PRK", "USA", "UKR", "KOR")


def test_list_by_short_name(client, states):
    assert keys(client, URL) == ["CHN", "IRN", "PRK", "RUS", "KOR", "UKR", "USA"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"axis_member": "true"}, {"CHN", "IRN", "PRK", "RUS"}),
        ({"axis_member": "false"}, {"USA", "UKR", "KOR"}),
        ({"q": "DPRK"}, {"PRK"}),  # aliases
        ({"q": "korea"}, {"PRK", "KOR"}),
        ({"q": "usa"}, {"USA"}),  # the code
        ({"q": "Beijing"}, {"CHN"}),
        ({"q": "korea", "axis_member": "false"}, {"KOR"}),
        ({"q": "Atlantis"}, set()),
    ],
)
def test_filters(client, states, params, expected):
    assert set(keys(client, URL, **params)) == expected


@pytest.mark.parametrize(
    ("ordering", "first"),
    [("iso3", "CHN"), ("-iso3", "USA"), ("name", "PRK"), ("-name", "USA"), ("-short_name", "USA")],
)
def test_ordering(client, states, ordering, first):
    assert keys(client, URL, ordering=ordering)[0] == first
