"""End to end (slow): the full SIPRI register and ATOP v4.01 imported, imported again with 0 changes,
then read through the API (issue 11, "done when")."""

import pytest
from django.core.management import call_command
from django.db import connection

from events.models import Event
from tests.csvio_helpers import table_counts
from tests.test_datasets_full_files import ALLIANCES, EXTERNAL, MEMBERS, SIPRI

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db,
    pytest.mark.skipif(not EXTERNAL.is_dir(), reason=f"the full data files are not here ({EXTERNAL})"),
]


def every_page(client, params) -> list[dict]:
    results, response = [], client.get("/api/events/", {**params, "page_size": 100})
    while True:
        assert response.status_code == 200, response.content
        results += response.json()["results"]
        if not response.json()["next"]:
            return results
        response = client.get(response.json()["next"])


def test_the_full_files_import_then_reimport_unchanged_and_answer_through_the_api(client, capsys):
    call_command("import_fixtures", "fixtures")
    call_command("import_sipri", str(SIPRI), "--add-states", "--publish")
    call_command("import_atop", str(ALLIANCES), str(MEMBERS), "--add-states", "--publish")
    first = capsys.readouterr().out
    assert "stopped" not in first.lower()
    assert "links to seed claims: 7 created" in first  # datasets/data/sipri_seed_links.csv, after the fixtures
    assert Event.objects.filter(type="arms_transfer", slug__startswith="sipri-").count() > 28000
    counts = table_counts()

    call_command("import_sipri", str(SIPRI))
    call_command("import_atop", str(ALLIANCES), str(MEMBERS))
    again = capsys.readouterr().out
    # SIPRI events, claims, links to seed claims; ATOP events, ties, claims
    assert again.count(" 0 created, 0 updated,") == 6, again
    assert " 0 conflicts" in again and "vanished" not in again
    assert table_counts() == counts

    iranian = every_page(client, {"participant": "IRN", "type": "arms_transfer"})
    shahed = [event for event in iranian if event["title"].startswith("Shahed-136")]
    assert any("Russia" in event["title"] and event["start"]["value"] == "2022" for event in shahed)
    response = client.get("/api/relationships/", {"pair": "CHN,PRK", "kind": "defence_pact"})
    (treaty,) = response.json()["results"]
    assert treaty["start"]["value"] == "1961-07-11" and treaty["end"] is None
    # The API set its statement timeout for the rest of this (test) transaction; the teardown's
    # check of deferred constraints over some 200,000 rows must not run under it.
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('statement_timeout', '0', true)")
