"""The planner's statistics of the tables an import fills, kept in step while it fills them.

An import is one transaction, and autovacuum only analyses a table after the commit. Until then
the planner sizes each table by its recorded statistics scaled to the table's current pages,
which is right for a table never analysed or analysed at about its present density, and wrong
in one common case: a table that autovacuum left at 0 rows over many pages (its rows deleted or
rolled back, the empty pages not yet given back). Then every estimate is 1 row however many the
import has written, and the import's own lookups (records by key, claims of a batch) turn into
nested loops over tens of thousands of rows: a SIPRI import that takes 15 seconds ran for over an
hour on such a table. So after each batch the import asks whether the estimates have fallen
behind what it wrote, at the cost of one catalog query, and analyses its tables when they have.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.db import connection

from events.models import EventParticipant
from sources.models import Citation

from .models import ImportedRecord
from .report import ImportReport

#: Tables written alongside the records of every import (participants, citations, the import's keys).
COMPANIONS = (EventParticipant, Citation, ImportedRecord)


def import_tables(labels: Iterable[str]) -> list[str]:
    """The tables an import of ``labels`` (``"events.event"``, ...) writes."""
    tables = {apps.get_model(label)._meta.db_table for label in labels}
    return sorted(tables | {model._meta.db_table for model in COMPANIONS})


def analyze(tables: Iterable[str]) -> None:
    """ANALYZE ``tables`` inside the import's transaction (it counts its own rows).

    A sample of 3,000 rows a table (statistics target 10, not 100) sizes the tables and their
    common values well enough to keep the planner off empty-table plans, at half the cost;
    autovacuum analyses them in full once the import has committed.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('default_statistics_target')")
        (target,) = cursor.fetchone()
        cursor.execute("SET LOCAL default_statistics_target = 10")
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
        cursor.execute("SELECT set_config('default_statistics_target', %s, true)", [target])


def estimated_rows(tables: Iterable[str]) -> dict[str, float | None]:
    """The planner's row estimate for each table as it stands, as PostgreSQL makes it: the recorded
    rows per page times the current pages; None where nothing is recorded (never analysed), in
    which case the planner guesses from the row width and the pages, which grows with the table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples, relpages,"
            " pg_relation_size(oid) / current_setting('block_size')::int"
            " FROM pg_class WHERE relname = ANY(%s) AND relkind = 'r'",
            [list(tables)],
        )
        return {
            name: (tuples / pages * current if tuples >= 0 and pages > 0 else None)
            for name, tuples, pages, current in cursor.fetchall()
        }


class GrowingTables:
    """The tables of one import, analysed again whenever the planner's estimates fall behind."""

    def __init__(self, labels: Iterable[str], report: ImportReport):
        self.labels = tuple(labels)
        self.report = report
        self.tables = import_tables(self.labels)

    def written(self) -> dict[str, int]:
        """Rows this import created in each of its own record tables so far."""
        return {apps.get_model(label)._meta.db_table: self.report.counts(label)["created"] for label in self.labels}

    def refresh_if_behind(self) -> bool:
        """After a batch: ANALYZE the import's tables if any table's estimate is under half of what
        the import alone has written into it. Returns whether it did."""
        written = self.written()
        estimates = estimated_rows(written)
        if any(estimate is not None and estimate < written[table] / 2 for table, estimate in estimates.items()):
            analyze(self.tables)
            return True
        return False

    def refresh(self) -> None:
        """At the end of the import: ANALYZE them all, for the readers that come right after it."""
        analyze(self.tables)
