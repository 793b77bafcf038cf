"""The API's whole-list CSV through gunicorn against ``COPY (SELECT ...) TO STDOUT`` of the same rows.

The download is read as a client reads it (parsed as CSV, row by row) while the
gunicorn workers' memory is sampled from /proc. The file is complete when the
transfer ended cleanly and has as many rows as the database has public records.
"""

from __future__ import annotations

import csv
import http.client
import io
import threading
import time
from dataclasses import dataclass

import psycopg

from .servers import Server, memory_kib

# What a reader may see, from the schema alone: published events; published claims whose event and
# relationship, if any, are published too.
PUBLIC_EVENTS = "FROM events_event e WHERE e.status = 'published'"
PUBLIC_CLAIMS = """
FROM sources_claim c
LEFT JOIN events_event e ON e.id = c.event_id
LEFT JOIN events_relationship r ON r.id = c.relationship_id
WHERE c.status = 'published' AND (e.id IS NULL OR e.status = 'published') AND (r.id IS NULL OR r.status = 'published')
"""


def partial_text(column: str, approximate: str) -> str:
    """A daterange column in the fixture files' spelling (2024, 2024-03, 2024-03-17, ~ when approximate)."""
    return f"""CASE WHEN {column} IS NULL THEN '' ELSE
      CASE WHEN upper({column}) - lower({column}) = 1 THEN to_char(lower({column}), 'YYYY-MM-DD')
           WHEN extract(doy FROM lower({column})) = 1
                AND upper({column}) = (lower({column}) + interval '1 year')::date THEN to_char(lower({column}), 'YYYY')
           ELSE to_char(lower({column}), 'YYYY-MM') END
      || CASE WHEN {approximate} THEN '~' ELSE '' END END"""


def escaped(expression: str) -> str:
    """The fixture files' formula escaping: a leading quote before quotes followed by = + - @ tab or CR."""
    return f"CASE WHEN {expression} ~ '^''*[=+@\\t\\r-]' THEN '''' || {expression} ELSE {expression} END"


# The fixture columns of events.csv and claims.csv, in SQL: the same rows and cells the API's CSV has.
COPY_QUERIES = {
    "events": f"""
SELECT {escaped("e.slug")}, {escaped("e.title")}, {escaped("e.summary")}, e.type, array_to_string(e.domains, ';'),
       {partial_text("e.start", "e.start_approximate")}, {partial_text('e."end"', "e.end_approximate")},
       {escaped("e.place")},
       (SELECT string_agg(p.state_id || ':' || p.role, ';' ORDER BY p.id)
        FROM events_eventparticipant p WHERE p.event_id = e.id),
       e.status
{PUBLIC_EVENTS}
ORDER BY e.start DESC NULLS LAST, e.slug
""",
    "claims": f"""
SELECT {escaped("c.slug")}, {escaped("c.statement")}, {escaped("c.claimant")},
       {partial_text("c.asserted", "c.asserted_approximate")}, coalesce(e.slug, ''), coalesce(r.slug, ''),
       coalesce((SELECT string_agg(s.state_id, ';' ORDER BY s.id) FROM sources_claim_states s
                 WHERE s.claim_id = c.id), ''),
       c.stance, c.credibility, c.assessment, c.quantity_value, c.quantity_lower, c.quantity_upper,
       {escaped("c.quantity_unit")}, c.status, {escaped("c.retraction_reason")}
{PUBLIC_CLAIMS}
ORDER BY c.slug
""",
}


def public_rows(url: str, resource: str) -> int:
    with psycopg.connect(url) as connection:
        source = PUBLIC_EVENTS if resource == "events" else PUBLIC_CLAIMS
        return connection.execute(f"SELECT count(*) {source}").fetchone()[0]


@dataclass
class Download:
    resource: str
    rows: int
    expected: int
    seconds: float
    error: str
    start_rss_mib: float
    peak_rss_mib: float

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    @property
    def complete(self) -> bool:
        return not self.error and self.rows == self.expected


class MemorySampler(threading.Thread):
    """Samples the resident memory of a server's workers every 50 ms until stopped."""

    def __init__(self, server: Server):
        super().__init__(daemon=True)
        self.server = server
        self.stopped = threading.Event()
        self.start_rss = {pid: memory_kib(pid)[0] for pid in server.worker_pids()}
        self.peak: dict[int, int] = dict(self.start_rss)

    def run(self) -> None:
        while not self.stopped.wait(0.05):
            for pid in self.server.worker_pids():
                rss, hwm = memory_kib(pid)
                # An older worker's high-water mark may date from before the download; a new one's cannot.
                seen = rss if pid in self.start_rss else max(rss, hwm)
                self.peak[pid] = max(self.peak.get(pid, 0), seen)

    def stop(self) -> tuple[float, float]:
        """(resident MiB of the worker that grew most, before the download; its peak during it)."""
        self.stopped.set()
        self.join()
        grown = max(self.peak, key=lambda pid: self.peak[pid] - self.start_rss.get(pid, 0), default=None)
        if grown is None:
            return 0.0, 0.0
        return self.start_rss.get(grown, 0) / 1024, self.peak[grown] / 1024


def download(server: Server, url: str, resource: str) -> Download:
    """``/api/<resource>/?format=csv`` through the server, counted row by row as a client parses it."""
    expected = public_rows(url, resource)
    sampler = MemorySampler(server)
    sampler.start()
    rows, error = -1, ""  # -1: the header is not a row
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=900)
    try:
        connection.request("GET", f"/api/{resource}/?format=csv")
        response = connection.getresponse()
        if response.status != 200:
            error = f"HTTP {response.status}"
        for _ in csv.reader(io.TextIOWrapper(response, encoding="utf-8", newline="")):
            rows += 1
    except (OSError, http.client.HTTPException, csv.Error, UnicodeDecodeError) as failure:
        error = f"{type(failure).__name__} after {max(rows, 0)} rows"
    finally:
        connection.close()
    seconds = time.perf_counter() - started
    start_rss, peak_rss = sampler.stop()
    server.wait_ready()  # a worker killed on timeout is replaced before anything else is measured
    return Download(resource, max(rows, 0), expected, seconds, error, start_rss, peak_rss)


@dataclass
class Copy:
    rows: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def copy_out(url: str, resource: str) -> Copy:
    """``COPY (SELECT ...) TO STDOUT`` of the same rows and columns as CSV, read by psycopg."""
    rows = public_rows(url, resource)
    with psycopg.connect(url) as connection, connection.cursor() as cursor:
        started = time.perf_counter()
        with cursor.copy(f"COPY ({COPY_QUERIES[resource]}) TO STDOUT (FORMAT csv, HEADER)") as copy:
            for _ in copy:
                pass
        return Copy(rows, time.perf_counter() - started)
