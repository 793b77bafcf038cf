"""Keyset pagination (curation.api.pagination) on a test-only list: every row once, both ways,
NULLs placed as ordered, cursors that cannot be forged or reused on another ordering, fixed cost."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIRequestFactory

from tests.machinery.api import GadgetViewSet
from tests.machinery.models import Gadget

pytestmark = pytest.mark.django_db

factory = APIRequestFactory()
view = GadgetViewSet.as_view({"get": "list"})


def get(url: str):
    response = view(factory.get(url))
    response.render()
    return response


@pytest.fixture
def gadgets():
    # Ties and unknown values in the sort key.
    for n in range(23):
        Gadget.objects.create(slug=f"g{n:02d}", name=f"G{n}", size=None if n % 5 == 0 else n % 4, status="published")


def walk(query: str, page_size: int) -> tuple[list[str], int]:
    """Follow next links to the end, then previous links back; the slugs seen and the pages."""
    pages = []
    data = get(f"/gadgets/?{query}&page_size={page_size}").data
    while True:
        pages.append([row["slug"] for row in data["results"]])
        if data["next"] is None:
            break
        data = get(data["next"]).data
    back = [pages[-1]]
    while data["previous"] is not None:
        data = get(data["previous"]).data
        back.append([row["slug"] for row in data["results"]])
    assert back == pages[::-1]
    return [slug for page in pages for slug in page], len(pages)


@pytest.mark.parametrize("ordering", ["key", "-key", "size", "-size", "size,-key"])
def test_every_row_appears_exactly_once_in_order_forwards_and_backwards(gadgets, ordering):
    seen, pages = walk(f"ordering={ordering}", 4)
    expected = [row["slug"] for row in get(f"/gadgets/?ordering={ordering}&page_size=100").data["results"]]
    assert seen == expected and len(seen) == 23 and pages == 6


def test_unknown_sizes_come_last_in_either_direction(gadgets):
    for ordering in ("size", "-size"):
        rows = get(f"/gadgets/?ordering={ordering}&page_size=100").data["results"]
        sizes = [row["size"] for row in rows]
        assert sizes[-5:] == [None] * 5 and None not in sizes[:-5]


def test_page_size_is_capped_with_a_400_naming_it(gadgets, settings):
    response = get("/gadgets/?page_size=101")
    assert response.status_code == 400 and "page_size" in response.data
    assert get("/gadgets/?page_size=0").status_code == 400


def test_a_forged_or_foreign_cursor_is_a_400(gadgets):
    assert get("/gadgets/?cursor=not-a-cursor").status_code == 400
    next_url = get("/gadgets/?page_size=2&ordering=size").data["next"]
    cursor = next_url.split("cursor=")[1].split("&")[0]
    other = get(f"/gadgets/?page_size=2&ordering=-size&cursor={cursor}")
    assert other.status_code == 400 and "another ordering" in str(other.data["cursor"])


def test_a_deep_page_costs_the_same_queries_as_the_first(gadgets):
    with CaptureQueriesContext(connection) as first:
        data = get("/gadgets/?page_size=2").data
    for _ in range(8):
        data = get(data["next"]).data
    with CaptureQueriesContext(connection) as deep:
        get(data["next"])
    assert len(deep) == len(first)
    assert not any("COUNT(" in query["sql"].upper() for query in deep.captured_queries)
