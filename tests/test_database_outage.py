"""A database that cannot answer is a 503 with Retry-After: JSON in the API, a plain page in the
admin, never a 500 or a traceback (issue 9, point 12); an API statement past its time limit too."""

import json

import psycopg
import pytest
from django.db import connection

from tests.api_support import fresh_throttle  # noqa: F401
from tests.subprocesses import Server, current_database_url, free_port, production_env


def test_a_production_server_answers_503_in_json_for_the_api_and_a_plain_page_for_the_admin():
    dead = f"postgresql://axisdb:secret@127.0.0.1:{free_port()}/axisdb"  # nothing listens there
    with Server(production_env(DATABASE_URL=dead, SECURE_SSL_REDIRECT="false")) as server:
        api = server.get("/api/events/")
        assert api.status == 503
        assert api.getheader("Content-Type") == "application/json"
        assert api.getheader("Retry-After") == "30"
        assert json.loads(api.body) == {"detail": "The database is unavailable; please try again in a minute."}
        admin = server.get("/admin/", Cookie="sessionid=an-editors-session")
        assert admin.status == 503
        assert admin.getheader("Content-Type").startswith("text/html")
        assert admin.getheader("Retry-After") == "30"
        body = admin.body.decode()
        assert "Service unavailable" in body and "Traceback" not in body and "psycopg" not in body


@pytest.fixture
def database_down(transactional_db):
    """The test's connection pointed at a port where nothing listens, then back."""
    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = free_port()
    yield
    connection.close()
    connection.settings_dict["PORT"] = port


@pytest.mark.parametrize("debug", [True, False])
def test_with_debug_on_or_off_no_traceback_is_shown(admin_client, settings, database_down, debug):
    client = admin_client
    settings.DEBUG = debug
    api = client.get("/api/claims/", {"q": "artillery"})
    assert api.status_code == 503
    assert api["Retry-After"] == "30"
    assert api.json()["detail"].startswith("The database is unavailable")
    admin = client.get("/admin/events/event/")
    assert admin.status_code == 503
    assert admin["Content-Type"].startswith("text/html")
    assert "Traceback" not in admin.content.decode()


@pytest.mark.django_db
def test_an_api_statement_past_the_time_limit_is_a_503_not_a_stuck_worker(client, settings):
    settings.AXISDB_API_STATEMENT_TIMEOUT_MS = 200
    with psycopg.connect(current_database_url()) as other:
        # Another session holds the events table: the API's query waits, then is stopped.
        other.execute("LOCK TABLE events_event IN ACCESS EXCLUSIVE MODE")
        response = client.get("/api/events/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json()["detail"].startswith("This request took too long")


@pytest.mark.django_db(transaction=True)
def test_an_api_read_on_a_connection_the_server_ended_is_answered_on_a_new_one():
    """A production server keeps its connection between requests; one the database ended in between (a
    restart, an operator) costs the next reader nothing: its API answer is read again on a new connection."""
    url = current_database_url()
    name = "axisdb-ended-connection-test"
    url += ("&" if "?" in url else "?") + f"application_name={name}"
    with Server(production_env(DATABASE_URL=url, SECURE_SSL_REDIRECT="false")) as server:
        assert server.get("/api/events/").status == 200
        with psycopg.connect(current_database_url(), autocommit=True) as other:
            ended = other.execute(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE application_name = %s",
                [name],
            ).fetchone()[0]
        assert ended == 1  # the server's one worker's connection
        for path in ("/api/events/", "/api/states/"):
            response = server.get(path)
            assert response.status == 200, response.body[:300]
