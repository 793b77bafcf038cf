"""A whole-list CSV cut off midway never passes for a complete file: the client sees an error.

The download goes through gunicorn, as in production (chunked transfer); its database
connection is terminated after the first line has been sent, and the client must get an
error (an incomplete chunked body), not a clean end of a short file (issue 15).
"""

import http.client
import time

import psycopg
import pytest

from tests.subprocesses import Server, current_database_url, production_env

pytestmark = pytest.mark.django_db


def copy_backend(connection: psycopg.Connection) -> int:
    """The server process's backend running the CSV's COPY (waiting for our lock)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        connection.execute("SELECT pg_stat_clear_snapshot()")  # a transaction sees one snapshot unless cleared
        row = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'COPY (%%'"
        ).fetchone()
        if row:
            return row[0]
        time.sleep(0.1)
    raise AssertionError("the CSV's COPY never started")


@pytest.mark.parametrize("resource", ["events", "claims"])
def test_a_download_cut_off_midway_ends_in_an_error_not_a_short_file(resource):
    with Server(production_env(SECURE_SSL_REDIRECT="false")) as server:
        client = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        with psycopg.connect(current_database_url()) as other:
            # Hold the table: the download sends its header line, then waits in COPY.
            other.execute(f"LOCK TABLE {'events_event' if resource == 'events' else 'sources_claim'}")
            client.request("GET", f"/api/{resource}/?format=csv", headers={"Host": "example.org"})
            response = client.getresponse()
            assert response.status == 200
            assert response.getheader("Transfer-Encoding") == "chunked"
            assert response.readline().startswith(b"key,")
            other.execute("SELECT pg_terminate_backend(%s)", [copy_backend(other)])
        with pytest.raises((http.client.IncompleteRead, http.client.HTTPException, ConnectionError)):
            response.read()
        client.close()
