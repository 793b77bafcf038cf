"""Helpers of the API tests: a fresh throttle for every test, and JSON/CSV readers.

Import ``fresh_throttle`` into a test module to make it autouse there: the
anonymous throttle counts requests in Django's cache, which outlives a test.
"""

import csv
import io

import pytest
from django.core.cache import cache

from axisdb.throttling import HISTORIES


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    HISTORIES.clear()
    yield
    cache.clear()
    HISTORIES.clear()


def get(client, url, **params):
    """GET ``url`` with query ``params``; the response, JSON decoded when it is JSON."""
    response = client.get(url, params)
    return response


def results(client, url, **params) -> list[dict]:
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def keys(client, url, **params) -> list[str]:
    """The natural keys of a list page (``key``, or ``iso3`` for states)."""
    return [row.get("key", row.get("iso3")) for row in results(client, url, **params)]


def csv_rows(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))
