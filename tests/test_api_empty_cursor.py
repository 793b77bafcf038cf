"""The schema and the API agree on an empty ``cursor``: the schema forbids it, the API says why.

The schema used to admit ``cursor=`` (any string) while the API answered it with
"Invalid cursor", a 400 for a request the schema called valid.
"""

import pytest

from tests.api_support import fresh_throttle  # noqa: F401
from tests.factories import make_event

pytestmark = pytest.mark.django_db

LISTS = ["/api/events/", "/api/states/", "/api/relationships/", "/api/claims/", "/api/sources/"]


@pytest.mark.parametrize("path", LISTS)
def test_the_schema_says_a_cursor_is_never_empty(client, path):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    [cursor] = [p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == "cursor"]

    assert cursor["schema"]["minLength"] == 1


@pytest.mark.parametrize("path", LISTS)
def test_an_empty_cursor_is_a_400_saying_to_leave_it_out(client, path):
    make_event()

    response = client.get(path, {"cursor": ""})

    assert response.status_code == 400
    assert response.json() == {"cursor": ["This parameter may not be empty: leave it out for the first page."]}
