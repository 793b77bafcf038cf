"""An API read runs in autocommit, under the API's time limit, and the limit reaches nothing else.

A request for records only reads, at READ COMMITTED, where each statement sees the data as of
its own start whether or not a transaction surrounds it: the front door (``axisdb.api_requests``)
opens none, which saves two of an uncached detail's four round trips (issue 15). Its time limit is
then the session's, so these tests check where it must not follow: into a later request that is not
for API records, and into a streamed CSV, read after the answer.
"""

import threading
import time

import psycopg
import pytest
from django.db import connection

from tests.api_support import fresh_throttle  # noqa: F401
from tests.factories import make_event
from tests.subprocesses import current_database_url, free_port

pytestmark = pytest.mark.django_db(transaction=True)


def statement_timeout() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


def transaction_states(client, method: str, path: str) -> list[bool]:
    """Whether each statement of the request ran inside a transaction Django opened."""
    seen = []

    def note(execute, sql, params, many, context):
        seen.append(connection.in_atomic_block or not connection.get_autocommit())
        return execute(sql, params, many, context)

    with connection.execute_wrapper(note):
        response = getattr(client, method)(path)
    assert response.status_code == 200, response.content[:300]
    return seen


@pytest.mark.parametrize("path", ["/api/events/", "/api/events/{key}/", "/api/states/RUS/"])
@pytest.mark.parametrize("method", ["get", "head", "options"])
def test_a_read_opens_no_transaction(client, method, path):
    event = make_event(participants={"RUS": "host", "CHN": "participant"})
    seen = transaction_states(client, method, path.format(key=event.slug))
    assert seen and not any(seen)


def test_the_limit_is_the_sessions_until_a_request_for_anything_else(client, settings):
    settings.AXISDB_API_STATEMENT_TIMEOUT_MS = 1234
    make_event()
    assert client.get("/api/events/").status_code == 200
    assert statement_timeout() == "1234ms"  # kept on the connection for the next API read
    assert client.get("/healthz").status_code == 200
    assert statement_timeout() != "1234ms"
    assert client.get("/api/states/").status_code == 200
    assert client.get("/admin/login/").status_code == 200
    assert statement_timeout() != "1234ms"


def test_a_connection_opened_since_is_not_reset(client, settings, django_assert_num_queries):
    settings.AXISDB_API_STATEMENT_TIMEOUT_MS = 1234
    assert client.get("/api/states/").status_code == 200
    connection.close()  # as DB_CONN_MAX_AGE ends a connection between requests: a new session
    with django_assert_num_queries(1):  # the health check's own query, no RESET
        assert client.get("/healthz").status_code == 200


def test_a_database_gone_since_the_api_read_is_a_503_not_a_500(admin_client, settings):
    """The reset before an admin page finds the connection's server gone: the page is the outage answer."""
    settings.AXISDB_API_STATEMENT_TIMEOUT_MS = 1234
    assert admin_client.get("/api/states/").status_code == 200
    port = connection.settings_dict["PORT"]
    with psycopg.connect(current_database_url(), autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [connection.connection.info.backend_pid])
    connection.settings_dict["PORT"] = free_port()  # and no server to connect to again
    try:
        response = admin_client.get("/admin/events/event/")
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port
    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def test_a_streamed_csv_is_read_without_the_limit(client, settings):
    settings.AXISDB_API_STATEMENT_TIMEOUT_MS = 300
    make_event(slug="held-back")
    response = client.get("/api/events/", {"format": "csv"})
    assert response.status_code == 200 and response.streaming
    with psycopg.connect(current_database_url()) as other:
        # The table is held for longer than the API's limit while the CSV is read.
        other.execute("LOCK TABLE events_event IN ACCESS EXCLUSIVE MODE")
        release = threading.Timer(1.0, other.commit)
        release.start()
        started = time.monotonic()
        body = b"".join(response.streaming_content).decode()
        release.join()
    assert time.monotonic() - started >= 0.9  # it did wait for the table, past the limit
    assert "held-back" in body
    assert statement_timeout() != "300ms"
