"""Query parameters (curation.api.filters) on a test-only list: strict parsing, 400s naming the
parameter, date windows, ordering, and the OpenAPI description each parameter gives of itself."""

import pytest
from rest_framework.test import APIRequestFactory

from curation.partial_dates import PartialDate
from tests.machinery.api import GadgetFilterSet, GadgetViewSet
from tests.machinery.models import Gadget

pytestmark = pytest.mark.django_db

factory = APIRequestFactory()
view = GadgetViewSet.as_view({"get": "list"})


def get(query: str = ""):
    response = view(factory.get("/gadgets/" + (f"?{query}" if query else "")))
    response.render()
    return response


@pytest.fixture
def gadgets():
    rows = [
        ("a", 1, PartialDate(2020)),
        ("b", 12, PartialDate(2024, 3)),
        ("c", None, None),
        ("d", 30, PartialDate(2024)),
    ]
    for slug, size, start in rows:
        Gadget.objects.create(slug=slug, name=f"Gadget {slug}", size=size, start=start, status="published")
    Gadget.objects.create(slug="draft", name="Hidden", size=99, status="draft")


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.data
    return [row["slug"] for row in response.data["results"]]


def test_without_parameters_the_selector_gives_the_published_records_in_default_order(gadgets):
    assert slugs(get()) == ["a", "b", "c", "d"]


def test_a_boolean_takes_true_or_false_only(gadgets):
    assert slugs(get("big=true")) == ["b", "d"]
    assert slugs(get("big=false")) == ["a", "c"]
    response = get("big=yes")
    assert response.status_code == 400 and "big" in response.data


def test_a_parameter_given_twice_or_empty_is_a_400_naming_it(gadgets):
    twice = get("big=true&big=false")
    assert twice.status_code == 400 and twice.data["big"] == ["Give this parameter once."]
    empty = get("name=")
    assert empty.status_code == 400 and empty.data["name"] == ["This parameter may not be empty."]


def test_a_date_window_matches_by_overlap_at_the_records_precision(gadgets):
    assert slugs(get("from=2024-03-15&to=2024-03-20")) == ["b", "d"]
    assert slugs(get("to=2021")) == ["a"]
    assert slugs(get("from=2025&to=2024")) == []
    bad = get("from=2024-02-30")
    assert bad.status_code == 400 and "from" in bad.data


def test_ordering_puts_unknown_values_last_both_ways_and_refuses_unknown_fields(gadgets):
    assert slugs(get("ordering=size")) == ["a", "b", "d", "c"]
    assert slugs(get("ordering=-size")) == ["d", "b", "a", "c"]
    bad = get("ordering=colour")
    assert bad.status_code == 400 and "colour" in str(bad.data["ordering"])


def test_state_codes_are_checked_and_counted(gadgets):
    assert get("countries=RUS,PRK").status_code == 200
    assert "countries" in get("countries=RUS").data
    assert "countries" in get("countries=RUS,XXX").data
    assert "countries" in get("countries=RUS,RUS").data


def test_every_parameter_describes_itself_for_the_schema():
    ref = {"$ref": "#/components/schemas/StateCode"}
    described = {name: f.openapi_parameter(name, ref) for name, f in GadgetFilterSet.base_filters.items()}
    assert set(described) == {"big", "name", "countries", "ordering", "from", "to", "undated", "updated_since", "as_of"}
    assert described["big"]["schema"] == {"type": "boolean"}
    assert described["countries"]["schema"]["minItems"] == described["countries"]["schema"]["maxItems"] == 2
    assert described["ordering"]["schema"]["items"]["enum"] == ["size", "-size", "start", "-start", "key", "-key"]
    assert all(parameter["description"] for parameter in described.values())
