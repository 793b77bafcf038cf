"""A request with thousands of query parameters is refused at once: JSON for the API, plain text elsewhere.

5,000 parameters used to cost 46 s of CPU with DEBUG on (and an HTML 400 with it off).
"""

import pytest
from django.test import override_settings

from tests.api_support import fresh_throttle  # noqa: F401

pytestmark = pytest.mark.django_db

MANY = "&".join(f"p{n}=x" for n in range(5000))


@pytest.mark.parametrize("debug", [True, False])
def test_the_api_answers_5000_parameters_with_a_json_400(client, debug):
    with override_settings(DEBUG=debug):
        response = client.get(f"/api/events/?{MANY}")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"query_string": ["Too many query parameters: 5000; at most 100 are accepted."]}


def test_empty_fields_count_too(client):
    response = client.get("/api/events/?" + "&" * 5000)

    assert response.status_code == 400
    assert response.json() == {"query_string": ["Too many query parameters: 5001; at most 100 are accepted."]}


def test_the_admin_answers_them_with_a_plain_400(admin_client):
    response = admin_client.get(f"/admin/events/event/?{MANY}")

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == "Too many query parameters: 5000; at most 100 are accepted."


@override_settings(AXISDB_MAX_QUERY_PARAMETERS=3)
def test_the_limit_is_a_setting_and_requests_within_it_are_served(client):
    assert client.get("/api/events/?page_size=5&format=json").status_code == 200
    assert client.get("/api/events/?a=1&b=2&c=3&d=4").status_code == 400
