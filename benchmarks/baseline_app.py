"""A raw WSGI app for the scale benchmark: a measuring stick, not product code.

It answers ``/api/events/`` (first page, optionally ``page_size``) and
``/api/events/<key>/`` with the same JSON, rows and order as axisdb, each from
one hand-written SQL query (``json_build_object``/``json_agg``) run through
psycopg 3 and serialised with orjson, plus the same conditional GET (a weak
ETag from the newest history rows, one cheap query, and a 304). No framework,
no validation, no middleware: what the hardware and PostgreSQL give for these
responses, against which ``benchmarks/scale`` sets axisdb's figures.

Its ``next`` link carries a plain (unsigned) cursor of its own; following it is
not supported. Everything else is a 404. Keep it this small.

    DATABASE_URL=... gunicorn benchmarks.baseline_app:app
"""

from __future__ import annotations

import base64
import hashlib
import os

import orjson
import psycopg
from psycopg.types.json import set_json_loads

set_json_loads(orjson.loads)

PAGE_SIZE = int(os.environ.get("AXISDB_API_PAGE_SIZE", "25"))


def partial_date(column: str, approximate: str) -> str:
    """SQL for axisdb's ``{"value", "precision", "approximate"}`` of a daterange column, or null."""
    day = f"upper({column}) - lower({column}) = 1"
    year = f"extract(doy FROM lower({column})) = 1 AND upper({column}) = (lower({column}) + interval '1 year')::date"
    return f"""CASE WHEN {column} IS NULL THEN NULL ELSE json_build_object(
        'value', CASE WHEN {day} THEN to_char(lower({column}), 'YYYY-MM-DD')
                      WHEN {year} THEN to_char(lower({column}), 'YYYY')
                      ELSE to_char(lower({column}), 'YYYY-MM') END,
        'precision', CASE WHEN {day} THEN 'day' WHEN {year} THEN 'year' ELSE 'month' END,
        'approximate', {approximate}) END"""


# One published event as the API shows it: participants by their state's short name, and the public
# claims about it (published, and not about a draft relationship) counted by stance, and their evidence
# summary (independent origins for and against, best grade of a published source, any contradiction).
EVENT_JSON = f"""
json_build_object(
  'key', e.slug,
  'api_url', %(base)s || '/api/events/' || e.slug || '/',
  'title', e.title,
  'summary', e.summary,
  'type', e.type,
  'domains', e.domains,
  'start', {partial_date("e.start", "e.start_approximate")},
  'end', {partial_date('e."end"', "e.end_approximate")},
  'place', e.place,
  'participants', (
    SELECT coalesce(json_agg(json_build_object('iso3', s.iso3, 'name', s.name, 'short_name', s.short_name,
                                               'role', p.role) ORDER BY s.short_name, s.iso3), '[]')
    FROM events_eventparticipant p JOIN events_state s ON s.iso3 = p.state_id
    WHERE p.event_id = e.id),
  'claim_counts', (
    SELECT json_build_object('supports', count(*) FILTER (WHERE c.stance = 'supports'),
                             'disputes', count(*) FILTER (WHERE c.stance = 'disputes'),
                             'context', count(*) FILTER (WHERE c.stance = 'context'),
                             'total', count(*))
    FROM sources_claim c LEFT JOIN events_relationship r ON r.id = c.relationship_id
    WHERE c.event_id = e.id AND c.status = 'published' AND (r.id IS NULL OR r.status = 'published')),
  'evidence', (
    SELECT json_build_object(
      'supports', sources_independent_origins(coalesce(array_agg(c.id) FILTER (WHERE c.stance = 'supports'), '{{}}')),
      'disputes', sources_independent_origins(coalesce(array_agg(c.id) FILTER (WHERE c.stance = 'disputes'), '{{}}')),
      'best_source_grade', (
        SELECT min(so.reliability) FROM sources_citation ci JOIN sources_source so ON so.id = ci.source_id
        WHERE ci.claim_id = ANY(array_agg(c.id)) AND so.status = 'published'),
      'contradicted', bool_or(c.stance = 'disputes') IS TRUE OR EXISTS (
        SELECT 1 FROM sources_claimlink l JOIN sources_claim f ON f.id = l.from_claim_id
        LEFT JOIN events_event fe ON fe.id = f.event_id LEFT JOIN events_relationship fr ON fr.id = f.relationship_id
        WHERE l.to_claim_id = ANY(array_agg(c.id)) AND l.kind = 'contradicts' AND f.status = 'published'
          AND (fe.id IS NULL OR fe.status = 'published') AND (fr.id IS NULL OR fr.status = 'published')))
    FROM sources_claim c LEFT JOIN events_relationship r ON r.id = c.relationship_id
    WHERE c.event_id = e.id AND c.status = 'published' AND (r.id IS NULL OR r.status = 'published')),
  'claims_url', %(base)s || '/api/claims/?event=' || e.slug
)"""

LIST_SQL = f"""
SELECT {EVENT_JSON}, e.slug
FROM (SELECT * FROM events_event WHERE status = 'published'
      ORDER BY start DESC NULLS LAST, slug LIMIT %(limit)s) e
ORDER BY e.start DESC NULLS LAST, e.slug
"""

DETAIL_SQL = f"SELECT {EVENT_JSON} FROM events_event e WHERE e.slug = %(slug)s AND e.status = 'published'"

HISTORY_TABLES_SQL = """
SELECT table_name FROM information_schema.columns
WHERE table_schema = current_schema() AND column_name = 'pgh_id'
  AND (table_name LIKE 'events\\_%' OR table_name LIKE 'sources\\_%')
ORDER BY table_name
"""

_connection: psycopg.Connection | None = None
_version_sql: str | None = None


def connection() -> psycopg.Connection:
    """One connection per worker process, kept open (like DB_CONN_MAX_AGE)."""
    global _connection, _version_sql
    if _connection is None or _connection.closed:
        _connection = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
        tables = [row[0] for row in _connection.execute(HISTORY_TABLES_SQL)]
        _version_sql = (
            " UNION ALL ".join(f'(SELECT pgh_id FROM "{table}" ORDER BY pgh_id DESC LIMIT 1)' for table in tables)
            or "SELECT 0"
        )
    return _connection


def etag_for(path: str) -> str:
    version = ";".join(str(row[0]) for row in connection().execute(_version_sql))
    return 'W/"' + hashlib.sha256(f"{version}|{path}".encode()).hexdigest()[:32] + '"'


def respond(start_response, status: str, body: bytes, headers: list[tuple[str, str]] | None = None):
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body))), *(headers or [])])
    return [body]


def app(environ, start_response):
    path = environ.get("PATH_INFO", "")
    if path == "/healthz":
        connection().execute("SELECT 1")
        return respond(start_response, "200 OK", b'{"status":"ok"}')
    if not path.startswith("/api/events/"):
        return respond(start_response, "404 Not Found", b'{"detail":"Not found."}')
    query = environ.get("QUERY_STRING", "")
    etag = etag_for(path + "?" + query)
    if environ.get("HTTP_IF_NONE_MATCH") == etag:
        start_response("304 Not Modified", [("ETag", etag)])
        return []
    base = f"{environ.get('wsgi.url_scheme', 'http')}://{environ['HTTP_HOST']}"
    slug = path[len("/api/events/") :].strip("/")
    if slug:
        row = connection().execute(DETAIL_SQL, {"base": base, "slug": slug}).fetchone()
        if row is None:
            return respond(start_response, "404 Not Found", b'{"detail":"No Event matches the given query."}')
        return respond(start_response, "200 OK", orjson.dumps(row[0]), [("ETag", etag)])
    size = PAGE_SIZE
    for parameter in query.split("&"):
        if parameter.startswith("page_size=") and parameter[10:].isdigit():
            size = int(parameter[10:])
    rows = connection().execute(LIST_SQL, {"base": base, "limit": size + 1}).fetchall()
    following = None
    if len(rows) > size:
        cursor = base64.urlsafe_b64encode(rows[size - 1][1].encode()).decode()
        following = f"{base}/api/events/?cursor={cursor}" + (f"&page_size={size}" if size != PAGE_SIZE else "")
    body = orjson.dumps({"next": following, "previous": None, "results": [row[0] for row in rows[:size]]})
    return respond(start_response, "200 OK", body, [("ETag", etag)])
