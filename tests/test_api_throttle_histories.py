"""The API's throttle counts each client's requests in this process (``axisdb.throttling.ClientHistories``)."""

import time

import pytest

from axisdb.throttling import ClientHistories
from tests.api_support import fresh_throttle  # noqa: F401

pytestmark = pytest.mark.django_db


def status(client, address: str) -> int:
    return client.get("/api/states/", REMOTE_ADDR=address).status_code


def test_each_client_has_its_own_count(client, settings):
    settings.AXISDB_API_ANON_RATE = "2/minute"
    assert [status(client, "10.0.0.1") for _ in range(3)] == [200, 200, 429]
    assert status(client, "10.0.0.2") == 200
    assert status(client, "10.0.0.1") == 429


def test_a_count_ends_with_its_period(client, settings):
    settings.AXISDB_API_ANON_RATE = "1/second"
    assert [status(client, "10.0.0.1") for _ in range(2)] == [200, 429]
    time.sleep(1.1)
    assert status(client, "10.0.0.1") == 200


def test_past_the_most_clients_the_longest_unseen_is_forgotten(client, settings, monkeypatch):
    settings.AXISDB_API_ANON_RATE = "1/minute"
    monkeypatch.setattr(ClientHistories, "MAX_CLIENTS", 3)
    assert [status(client, "10.0.0.1") for _ in range(2)] == [200, 429]
    for n in (2, 3):
        assert status(client, f"10.0.0.{n}") == 200
    assert status(client, "10.0.0.1") == 429  # three clients: all remembered
    assert status(client, "10.0.0.4") == 200  # a fourth: the longest unseen (10.0.0.1) goes
    assert status(client, "10.0.0.1") == 200
