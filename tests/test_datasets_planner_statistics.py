"""An import keeps the planner's estimates of the tables it fills in step with what it wrote, so a
table that autovacuum left recorded as empty over many pages cannot turn the import's own lookups
into nested loops over everything written so far (issue 11; found when such a table made the
full SIPRI import run for over an hour in CI)."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from datasets import services
from datasets.services import sipri_register_import
from events.models import Event
from sources.models import Claim
from tests.test_datasets_sipri import excerpt_bytes

pytestmark = pytest.mark.django_db

TABLES = (Event._meta.db_table, Claim._meta.db_table)


#: More pages than any test table has: recorded statistics still holding it were never refreshed.
STALE_PAGES = 123_456


def record_statistics(table: str, *, rows: int, pages: int) -> None:
    """Set what the planner reads of ``table``'s size (rolled back with the test): its recorded rows and pages."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE pg_class SET reltuples = %s, relpages = %s WHERE oid = %s::regclass", [rows, pages, table]
        )


def record_as_empty_over_many_pages(table: str) -> None:
    """What autovacuum records for a table whose rows were all deleted or rolled back while it could not give
    the pages back: 0 rows over many pages."""
    record_statistics(table, rows=0, pages=STALE_PAGES)


def recorded_pages(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT relpages FROM pg_class WHERE oid = %s::regclass", [table])
        return cursor.fetchone()[0]


def planner_rows(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT * FROM {connection.ops.quote_name(table)}")
        return cursor.fetchone()[0][0]["Plan"]["Plan Rows"]


def table_rows(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
        return cursor.fetchone()[0]


def import_watching(monkeypatch, batch: int) -> list[dict[str, tuple[int, int, int]]]:
    """Import the SIPRI excerpt in batches of ``batch`` deals; after each batch, each table's
    (planner's estimate, rows, recorded pages)."""
    monkeypatch.setattr(services, "BATCH_SIZE", batch)
    seen = []

    def progress(done, total):
        seen.append({table: (planner_rows(table), table_rows(table), recorded_pages(table)) for table in TABLES})

    report = sipri_register_import(
        stream=io.BytesIO(excerpt_bytes()), file_name="excerpt.csv", add_states=True, progress=progress
    )
    assert report.committed, report.render()
    return seen


def test_after_the_first_batch_the_statistics_recorded_as_empty_are_measured_again(monkeypatch):
    for table in TABLES:
        record_as_empty_over_many_pages(table)
        assert planner_rows(table) == 1
    seen = import_watching(monkeypatch, batch=4)
    assert len(seen) > 3
    for after_batch in seen:
        for table, (estimate, rows, pages) in after_batch.items():
            assert pages != STALE_PAGES, (table, after_batch)  # measured: ANALYZE records the real pages
            if pages < 3000:  # every page read by ANALYZE's sample (a table bloated past it is sampled)
                assert estimate >= rows / 2, (table, after_batch)


def test_estimates_that_keep_up_cost_no_analyze_until_the_end(monkeypatch):
    for table in TABLES:
        record_statistics(table, rows=-1, pages=0)  # never analysed: the planner sizes it by its pages
    with CaptureQueriesContext(connection) as queries:
        import_watching(monkeypatch, batch=4)
    analyzed = [query["sql"] for query in queries if query["sql"].startswith("ANALYZE")]
    # Once, at the end, for the readers after the commit: events, claims and the companion tables.
    assert len(analyzed) == len(set(analyzed)) == 5, analyzed
