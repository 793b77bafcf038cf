"""The schema's state pickers list the states in the published data, not all of ISO 3166.

Swagger UI draws an enum as a picker (an array of enum items, ``style: form``,
``explode: false``, as a multi-select), so "Try it out" offers the states that take
part in a published event or hold a published relationship; the API still takes any
ISO3 code, name or alias.
"""

import pytest
import yaml
from django.core.management import call_command
from django.db import OperationalError
from drf_spectacular.validation import validate_schema

from curation.api.filters import ISO3_CODES
from curation.workflow.services import record_publish
from curation.workflow.status import EditorialStatus
from events.api.schema import PICKER_HELP
from events.models import StateQuerySet
from tests.api_support import fresh_throttle  # noqa: F401
from tests.factories import make_claim, make_event, make_relationship, make_state

pytestmark = pytest.mark.django_db

#: Every parameter that takes states, by list.
STATE_PARAMETERS = {
    "/api/events/": {"participant": "array", "participant_all": "array"},
    "/api/relationships/": {"state": "one", "pair": "array"},
    "/api/claims/": {"state": "one"},
    "/api/citations/": {"state": "one"},
}
STATE_CODE = {"$ref": "#/components/schemas/StateCode"}


@pytest.fixture
def data():
    make_event(slug="shells", participants={"PRK": "supplier", "RUS": "recipient"})
    make_relationship("CHN", "IRN", slug="china-iran")
    make_event(slug="draft-visit", status=EditorialStatus.DRAFT, participants={"USA": "participant"})
    make_relationship("KOR", "UKR", slug="draft-tie", status=EditorialStatus.DRAFT)
    make_claim(slug="about-gbr", states=["GBR"])  # a claim's state tag alone is not a part in the data
    make_state("FRA")  # no record at all


def served(client) -> dict:
    response = client.get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def offered(client) -> list[str]:
    return served(client)["components"]["schemas"]["StateCode"]["enum"]


def parameters(schema, path) -> dict:
    return {parameter["name"]: parameter for parameter in schema["paths"][path]["get"]["parameters"]}


def test_the_pickers_offer_exactly_the_states_in_the_published_data(client, data):
    # RUS and PRK take part in a published event, CHN and IRN hold a published tie.
    assert offered(client) == ["CHN", "IRN", "PRK", "RUS"]
    validate_schema(served(client))  # still valid OpenAPI


def test_a_state_appears_when_an_event_with_it_is_published_and_a_tie_counts_too(client, data, reviewer):
    make_state("NOR")
    assert "NOR" not in offered(client)
    event = make_event(slug="arctic", status=EditorialStatus.DRAFT, participants={"NOR": "participant"})
    assert "NOR" not in offered(client)
    record_publish(record=event, user=reviewer)
    assert offered(client) == ["CHN", "IRN", "NOR", "PRK", "RUS"]

    tie = make_relationship("UKR", "USA", slug="ukraine-us", status=EditorialStatus.DRAFT)
    assert "UKR" not in offered(client)
    record_publish(record=tie, user=reviewer)
    assert offered(client) == ["CHN", "IRN", "NOR", "PRK", "RUS", "UKR", "USA"]


def test_every_state_parameter_is_a_picker_of_those_states_that_says_names_are_taken(client, data):
    schema = served(client)
    for path, names in STATE_PARAMETERS.items():
        found = parameters(schema, path)
        for name, shape in names.items():
            parameter = found[name]
            if shape == "array":  # Swagger UI's multi-select, sent as RUS,PRK
                assert parameter["schema"]["type"] == "array", (path, name)
                assert parameter["schema"]["items"] == STATE_CODE, (path, name)
                assert (parameter["style"], parameter["explode"]) == ("form", False), (path, name)
            else:
                assert parameter["schema"] == STATE_CODE, (path, name)
            assert "North Korea, DPRK" in parameter["description"], (path, name)
            assert (
                "The choices are the states that take part in published events or relationships"
                in (parameter["description"])
            ), (path, name)
    # No other parameter refers to the states.
    referring = {
        (path, parameter["name"])
        for path, operations in schema["paths"].items()
        for parameter in operations["get"].get("parameters", ())
        if STATE_CODE in (parameter["schema"], parameter["schema"].get("items"))
    }
    assert referring == {(path, name) for path, names in STATE_PARAMETERS.items() for name in names}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"participant": "North Korea"}, ["shells"]),
        ({"participant": "DPRK"}, ["shells"]),
        ({"participant_all": "Russia,PRK"}, ["shells"]),
        ({"participant": "PRK"}, ["shells"]),
        ({"participant": "FRA"}, []),  # an ISO3 code the picker does not offer: accepted, matches nothing
    ],
)
def test_the_api_still_takes_any_code_name_or_alias(client, data, params, expected):
    response = client.get("/api/events/", params)
    assert response.status_code == 200
    assert [event["key"] for event in response.json()["results"]] == expected


def test_the_api_still_takes_names_for_the_other_state_parameters(client, data):
    assert [tie["key"] for tie in client.get("/api/relationships/", {"pair": "Iran,China"}).json()["results"]] == [
        "china-iran"
    ]
    assert [claim["key"] for claim in client.get("/api/claims/", {"state": "GBR"}).json()["results"]] == ["about-gbr"]


def test_the_schema_costs_one_query_however_many_states(client, data, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get("/api/schema/")
    for code in ("NOR", "SWE", "FIN", "DNK", "ISL"):
        make_event(participants={code: "participant"})
    with django_assert_num_queries(1):
        assert len(offered(client)) == 9


def test_with_nothing_published_the_pickers_offer_every_code_the_api_takes(client):
    make_state("PRK")
    make_event(status=EditorialStatus.DRAFT, participants={"PRK": "participant"})
    assert set(offered(client)) == ISO3_CODES


def test_a_database_that_cannot_answer_leaves_every_code_and_no_error(client, data, monkeypatch):
    def unavailable(self):
        raise OperationalError("the database is unavailable")

    monkeypatch.setattr(StateQuerySet, "in_published_records", unavailable)
    schema = served(client)
    assert set(schema["components"]["schemas"]["StateCode"]["enum"]) == ISO3_CODES
    participant = parameters(schema, "/api/events/")["participant"]
    assert "The choices are" not in participant["description"]  # it says nothing untrue of the full list
    assert "North Korea, DPRK" in participant["description"]


def test_the_schema_generated_without_a_request_reads_no_data(client, tmp_path, data, django_assert_num_queries):
    """``manage.py spectacular`` writes the same file whatever the database holds: every ISO code."""
    assert offered(client) == ["CHN", "IRN", "PRK", "RUS"]  # served first: its narrowing must not stay behind
    with django_assert_num_queries(0):
        call_command("spectacular", "--file", str(tmp_path / "schema.yaml"))
    schema = yaml.safe_load((tmp_path / "schema.yaml").read_text())
    assert set(schema["components"]["schemas"]["StateCode"]["enum"]) == ISO3_CODES


def test_the_served_schema_differs_from_the_generated_one_only_in_its_pickers(client, tmp_path, data):
    """So the schemathesis run, which fuzzes the schema generated without a request, covers every request the
    served one allows (its state codes are a subset)."""
    call_command("spectacular", "--format", "openapi-json", "--file", str(tmp_path / "schema.json"))
    generated = yaml.safe_load((tmp_path / "schema.json").read_text())
    narrowed = served(client)
    assert set(narrowed["components"]["schemas"].pop("StateCode")["enum"]) < set(
        generated["components"]["schemas"].pop("StateCode")["enum"]
    )
    for operations in narrowed["paths"].values():
        for parameter in operations["get"].get("parameters", ()):
            if "description" in parameter:
                parameter["description"] = parameter["description"].replace(PICKER_HELP, "")
    assert narrowed == generated
