"""A query parameter the API does not take is a 400 naming it and listing the ones it takes.

A misspelt filter (``particpant=PRK``) or one that does not exist (``modified_after``)
used to be ignored, so a researcher got the whole list without knowing.
"""

import pytest

from tests.api_support import fresh_throttle  # noqa: F401
from tests.factories import make_event

pytestmark = pytest.mark.django_db

EVENT_PARAMETERS = (
    "participant, participant_all, predecessors, role, type, domain, q, facets, ordering, from, to, undated, "
    "updated_since, as_of, cursor, page_size, format"
)


@pytest.fixture
def data():
    make_event(slug="drill", participants={"RUS": "host", "CHN": "participant"})
    make_event(slug="shells", participants={"PRK": "supplier", "RUS": "recipient"})


@pytest.mark.parametrize(
    "params",
    [{"particpant": "PRK"}, {"modified_after": "2025-01-01"}, {"participant": "PRK", "colour": "red"}],
)
def test_an_unknown_parameter_is_a_400_naming_it_and_the_accepted_ones(client, data, params):
    response = client.get("/api/events/", params)

    assert response.status_code == 400
    unknown = [name for name in params if name not in ("participant",)]
    assert sorted(response.json()) == sorted(unknown)
    for name in unknown:
        assert response.json()[name] == [f"Unknown parameter. This resource takes: {EVENT_PARAMETERS}."]


def test_the_csv_list_refuses_an_unknown_parameter_too(client, data):
    response = client.get("/api/events/", {"format": "csv", "particpant": "PRK"})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == ["particpant"]


@pytest.mark.parametrize(
    ("url", "accepted"),
    [
        ("/api/states/", "axis_member, q, ordering, updated_since, as_of, cursor, page_size, format"),
        (
            "/api/relationships/",
            "state, pair, kind, active_on, q, ordering, updated_since, as_of, cursor, page_size, format",
        ),
        (
            "/api/claims/",
            "event, relationship, state, stance, status, assessment, credibility, claimant, source, contradicted, "
            "circular_reporting, q, ordering, "
            "updated_since, as_of, cursor, page_size, format",
        ),
        (
            "/api/sources/",
            "kind, publisher, reliability, q, ordering, from, to, undated, updated_since, as_of, "
            "cursor, page_size, format",
        ),
    ],
)
def test_every_list_lists_its_own_parameters(client, data, url, accepted):
    response = client.get(url, {"modified_after": "2025-01-01"})

    assert response.status_code == 400
    assert response.json() == {"modified_after": [f"Unknown parameter. This resource takes: {accepted}."]}


def test_the_accepted_ones_are_exactly_the_schemas(client, data):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    for path in ("/api/events/", "/api/states/", "/api/relationships/", "/api/claims/", "/api/sources/"):
        declared = {parameter["name"] for parameter in schema["paths"][path]["get"]["parameters"]}
        message = client.get(path, {"nonsense": "1"}).json()["nonsense"][0]
        accepted = set(message.removeprefix("Unknown parameter. This resource takes: ").rstrip(".").split(", "))
        assert accepted == declared, path


def test_a_detail_takes_only_format_and_as_of(client, data):
    assert client.get("/api/events/drill/", {"format": "json"}).status_code == 200
    response = client.get("/api/events/drill/", {"expand": "claims"})

    assert response.status_code == 400
    assert response.json() == {"expand": ["Unknown parameter. This resource takes: format, as_of."]}


def test_known_parameters_still_work(client, data):
    response = client.get("/api/events/", {"participant": "PRK", "page_size": "10", "format": "json"})

    assert response.status_code == 200
    assert [event["key"] for event in response.json()["results"]] == ["shells"]
