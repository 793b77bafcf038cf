"""The API's detail and unfiltered pages run as prepared statements; filtered and ``as_of`` answers do not.

What a reader sees is the same either way (the rest of the API's tests run through both); here: which
answers leave a statement prepared on the connection, and that an ``as_of`` answer read after a prepared
one still reads the past.
"""

import pytest
from django.db import connection

from tests.api_support import fresh_throttle  # noqa: F401
from tests.factories import make_claim, make_event

pytestmark = pytest.mark.django_db(transaction=True)

#: psycopg prepares a statement on its sixth run on a connection (``axisdb.prepared_reads.PREPARE_AFTER``).
RUNS = 6


def prepared_event_reads() -> list[str]:
    """The statements prepared on the connection that read the events table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s", ['%FROM "events_event"%']
        )
        return [row[0] for row in cursor.fetchall()]


def forget_prepared() -> None:
    connection.close()  # a new connection: no statement prepared yet


@pytest.mark.parametrize("url", ["/api/events/", "/api/events/drill/", "/api/events/?page_size=1"])
def test_a_detail_or_an_unfiltered_page_is_prepared(client, url):
    make_event(slug="drill", participants={"RUS": "host"})
    make_event(slug="parade", participants={"CHN": "host"})
    forget_prepared()
    for _ in range(RUNS):
        assert client.get(url).status_code == 200
    (statement,) = prepared_event_reads()
    assert "$1" in statement  # the key, the page's size and the statuses are its parameters


def test_the_next_page_and_another_key_reuse_the_statement(client):
    for slug in ("drill", "parade", "summit"):
        make_event(slug=slug)
    forget_prepared()
    for n in range(RUNS):
        assert client.get(f"/api/events/{['drill', 'parade', 'summit'][n % 3]}/").status_code == 200
    assert len(prepared_event_reads()) == 1


@pytest.mark.parametrize("query", ["participant=RUS", "q=drill", "type=military_exercise"])
def test_a_filtered_page_is_planned_for_its_values_each_time(client, query):
    make_event(slug="drill", participants={"RUS": "host"})
    forget_prepared()
    for _ in range(RUNS):
        assert client.get(f"/api/events/?{query}").status_code == 200
    assert prepared_event_reads() == []


def test_an_answer_as_of_the_past_after_prepared_ones_reads_the_past(client):
    event = make_event(slug="drill", title="Naval drill")
    make_claim(event=event)
    with connection.cursor() as cursor:
        cursor.execute("SELECT clock_timestamp()")
        moment = cursor.fetchone()[0].isoformat()
    event.title = "Renamed drill"
    event.save()
    forget_prepared()
    for _ in range(RUNS):
        assert client.get("/api/events/drill/").json()["title"] == "Renamed drill"
    assert prepared_event_reads()
    assert client.get("/api/events/drill/", {"as_of": moment}).json()["title"] == "Naval drill"
    assert client.get("/api/events/", {"as_of": moment}).json()["results"][0]["title"] == "Naval drill"
    assert client.get("/api/events/drill/").json()["title"] == "Renamed drill"


def test_the_rest_of_the_app_still_binds_on_the_client(client):
    make_event(slug="drill")
    for _ in range(RUNS):
        client.get("/api/events/drill/")
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::text", ["still here"])
        assert cursor.fetchone() == ("still here",)
        # Bound on the client: the statement sent carries the value itself.
        assert "still here" in connection.ops.last_executed_query(cursor, "SELECT %s::text", ["still here"])


def test_a_prepared_read_is_logged_with_its_parameters_in_place(client):
    from django.test.utils import CaptureQueriesContext

    make_event(slug="drill")
    forget_prepared()
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/events/drill/").status_code == 200
    (page,) = [query["sql"] for query in captured.captured_queries if 'FROM "events_event"' in (query["sql"] or "")]
    assert "'drill'" in page and "$1" not in page
