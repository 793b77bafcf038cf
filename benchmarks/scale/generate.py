"""The synthetic data set, generated in SQL: ``INSERT ... SELECT ... FROM generate_series``, no Python loops.

For N events: every ISO 3166-1 state (pycountry), N events with 2-3 participants,
N/15 sources, N/10 relationships, 3N claims (about an event, a relationship or
states; stances, assessments, grades, quantities, drafts and retractions) with
their state links, and 4N citations. About 95% of each kind is published. Dates
are partial (day, month or year), some events undated.

Every value is a pure function of the record's index (``pg_temp.r(i, salt)``,
a hash), so ``seed(url, lo, hi)`` adds events ``lo..hi-1`` and the records that
come with them to a database already seeded up to ``lo``: the 300k run grows the
30k database in place instead of starting again. As PostgreSQL advises for bulk
loads, the foreign keys and the indexes no constraint needs are dropped for the
load and restored after it (one build, one set-based check each).

Only the schema is assumed (table and column names, read from the models and
migrations), and every INSERT names its columns. A NOT NULL column that the
generator does not fill and that has no database default (a column another
engineer adds later with a Django-side ``default=``) gets the model field's
default as a temporary database default for the duration of the seeding, so the
generator keeps working; columns with database defaults are left to them.
"""

from __future__ import annotations

import random
import time

import psycopg
import pycountry

from benchmarks.run import AXIS, CLAIMANTS, OTHER_STATES, PLACES, PUBLISHERS, TOPICS, UNITS

#: The tables the generator writes, in the order it writes them.
TABLES = (
    "events_state",
    "sources_source",
    "events_event",
    "events_eventparticipant",
    "events_relationship",
    "sources_claim",
    "sources_claim_states",
    "sources_citation",
)
#: Tables whose ``id`` the generator sets itself (the record's index + 1); their sequences are moved past it.
EXPLICIT_IDS = ("events_event", "events_relationship", "sources_source", "sources_claim")
#: A word in about 0.1% of event summaries: the selective full-text search.
RARE_WORD = "Chongjin"
#: A word in about 12% of event titles: the common full-text search.
COMMON_WORD = "naval"


def source_count(events: int) -> int:
    return max(5, events // 15)


def relationship_count(events: int) -> int:
    return max(3, events // 10)


# --- Helpers living in the seeding session (pg_temp) -------------------------------
# Only one-expression SQL functions, which the planner inlines: anything more is a function call per row.

FUNCTIONS = r"""
-- A uniform pseudo-random number in [0, 1) from a record's index and a salt.
CREATE FUNCTION pg_temp.r(i bigint, salt int) RETURNS float8 LANGUAGE sql IMMUTABLE AS
$$ SELECT (hashint8($1 * 7919 + $2) & 2147483647)::float8 / 2147483648.0 $$;

CREATE FUNCTION pg_temp.pick(i bigint, salt int, n bigint) RETURNS int LANGUAGE sql IMMUTABLE AS
$$ SELECT floor(pg_temp.r($1, $2) * $3)::int $$;
"""


def partial_date(index: str, salt: int) -> str:
    """SQL for a partial date as its daterange: 80% in 2014-2025, else 2000-2013; 30% a day, 50% a month, 20% a year."""
    year = (
        f"(CASE WHEN pg_temp.r({index}, {salt}) < 0.8 THEN 2014 + pg_temp.pick({index}, {salt + 1}, 12) "
        f"ELSE 2000 + pg_temp.pick({index}, {salt + 1}, 14) END)"
    )
    day = f"(make_date({year}, 1, 1) + pg_temp.pick({index}, {salt + 3}, 365))"
    month = f"date_trunc('month', {day})"
    share = f"pg_temp.r({index}, {salt + 2})"
    return (
        f"(CASE WHEN {share} < 0.3 THEN daterange({day}, {day} + 1) "
        f"WHEN {share} < 0.8 THEN daterange({month}::date, ({month} + interval '1 month')::date) "
        f"ELSE daterange(make_date({year}, 1, 1), make_date({year} + 1, 1, 1)) END)"
    )


def vocabulary_tables(connection: psycopg.Connection) -> None:
    """Small temporary tables the INSERTs pick from: states, topics, places, names, ties."""
    from events.choices import DIRECTED_RELATIONSHIP_KINDS, RelationshipKind
    from sources.choices import Assessment, Reliability, SourceKind

    names = {country.alpha_3: getattr(country, "common_name", country.name) for country in pycountry.countries}
    pool = [(i, code, names[code], code in AXIS) for i, code in enumerate((*AXIS, *OTHER_STATES))]
    tables = {
        "bench_pool(idx int, iso3 text, short_name text, axis bool)": pool,
        "bench_topics(idx int, topic text, type text, domains text[], role1 text, role2 text)": [
            (i, topic, kind, domains, *roles) for i, (topic, kind, domains, roles) in enumerate(TOPICS)
        ],
        "bench_places(idx int, place text)": list(enumerate(PLACES)),
        "bench_publishers(idx int, publisher text)": list(enumerate(PUBLISHERS)),
        "bench_claimants(idx int, claimant text)": list(enumerate(CLAIMANTS)),
        "bench_units(idx int, unit text)": list(enumerate(UNITS)),
        "bench_source_kinds(idx int, kind text)": list(enumerate(SourceKind.values)),
        # Weighted by repetition: most sources B or C; most claims unverified or corroborated.
        "bench_reliability(idx int, grade text)": list(enumerate(weighted(Reliability.values, (1, 4, 4, 2, 1, 2)))),
        "bench_assessments(idx int, assessment text)": list(enumerate(weighted(Assessment.values, (8, 6, 3, 2, 1)))),
        "bench_ties(idx int, a text, b text, kind text, label text)": ties(
            RelationshipKind, DIRECTED_RELATIONSHIP_KINDS, names
        ),
    }
    with connection.cursor() as cursor:
        for definition, rows in tables.items():
            name = definition.split("(")[0]
            cursor.execute(f"CREATE TEMPORARY TABLE {definition}")
            width = len(rows[0])
            with cursor.copy(f"COPY {name} FROM STDIN") as copy:
                for row in rows:
                    assert len(row) == width
                    copy.write_row(row)
            cursor.execute(f"CREATE UNIQUE INDEX ON {name} (idx)")
            cursor.execute(f"ANALYZE {name}")


def weighted(values, weights) -> list:
    """Each value repeated by its weight (values beyond the weights once), so a uniform pick follows the weights."""
    return [value for i, value in enumerate(values) for _ in range(weights[i] if i < len(weights) else 1)]


def ties(kinds, directed, names: dict[str, str]) -> list[tuple]:
    """Distinct (state A, state B, kind) ties, in a shuffled but fixed order.

    An axis member with any of 80 states; symmetric kinds in alphabetical order of
    the codes, as the database requires, so that no tie appears twice.
    """
    partners = list(dict.fromkeys((*AXIS, *OTHER_STATES, *sorted(names))))[:80]
    seen, rows = set(), []
    for a in AXIS:
        for b in partners:
            if a == b:
                continue
            for kind in kinds:
                first, second = (a, b) if kind in directed or a < b else (b, a)
                if (first, second, kind.value) in seen:
                    continue
                seen.add((first, second, kind.value))
                rows.append((first, second, kind.value, kind.label.split(" (")[0].lower()))
    random.Random(20240317).shuffle(rows)
    return [(i, *row) for i, row in enumerate(rows)]


# --- The INSERTs -------------------------------------------------------------------

STATES = """
INSERT INTO events_state (iso3, name, short_name, aliases, is_axis_member, wikidata_id, created_at, updated_at)
SELECT iso3, name, short_name, aliases, axis, '', now(), now()
FROM (VALUES {rows}) AS v(iso3, name, short_name, aliases, axis)
"""

SOURCES = """
INSERT INTO sources_source (id, slug, title, publisher, authors, published, published_approximate, url,
                            archive_url, kind, reliability, notes, status, created_at, updated_at)
SELECT j + 1, 'scale-source-' || lpad(j::text, 7, '0'),
       initcap(t.topic) || ': report ' || j, p.publisher, '{}',
       CASE WHEN pg_temp.r(j, 301) < 0.95 THEN {published} END, pg_temp.r(j, 306) < 0.1, '', '', k.kind,
       g.grade, '', CASE WHEN pg_temp.r(j, 307) < 0.05 THEN 'draft' ELSE 'published' END, now(), now()
FROM generate_series(%(lo)s::bigint, %(hi)s::bigint - 1) AS j
JOIN pg_temp.bench_topics t ON t.idx = pg_temp.pick(j, 308, (SELECT count(*) FROM pg_temp.bench_topics))
JOIN pg_temp.bench_publishers p ON p.idx = pg_temp.pick(j, 309, (SELECT count(*) FROM pg_temp.bench_publishers))
JOIN pg_temp.bench_source_kinds k ON k.idx = pg_temp.pick(j, 310, (SELECT count(*) FROM pg_temp.bench_source_kinds))
JOIN pg_temp.bench_reliability g ON g.idx = pg_temp.pick(j, 311, (SELECT count(*) FROM pg_temp.bench_reliability))
""".replace("{published}", partial_date("j", 302))

# The batch's events with what their rows are made of: topic, place, start, and participants as indexes
# into bench_pool (0-3 the axis, 4-39 others): the first mostly an axis member, the second 60% an axis
# member, a third in one event of three; all different (each pick skips the indexes taken before it).
EVENT_KEYS = """
CREATE TEMPORARY TABLE bench_event_keys AS
SELECT i, CASE WHEN pg_temp.r(i, 23) < 1.0 / 3 THEN ARRAY[a, b, c1 + (c1 >= greatest(a, b))::int]
               ELSE ARRAY[a, b] END AS members,
       pg_temp.pick(i, 1, (SELECT count(*) FROM pg_temp.bench_topics)) AS topic,
       pg_temp.pick(i, 2, (SELECT count(*) FROM pg_temp.bench_places)) AS place,
       CASE WHEN pg_temp.r(i, 4) >= 0.03 THEN {start} END AS start
FROM generate_series(%(lo)s::bigint, %(hi)s::bigint - 1) AS i
CROSS JOIN LATERAL (
  SELECT CASE WHEN pg_temp.r(i, 20) < 0.85 THEN pg_temp.pick(i, 21, 4) ELSE 4 + pg_temp.pick(i, 21, 36) END AS a
) first
CROSS JOIN LATERAL (
  SELECT CASE WHEN pg_temp.r(i, 22) < 0.6
              THEN pg_temp.pick(i, 24, 4 - (a < 4)::int) + (pg_temp.pick(i, 24, 4 - (a < 4)::int) >= a)::int
              ELSE 4 + pg_temp.pick(i, 24, 36 - (a >= 4)::int)
                     + (a >= 4 AND 4 + pg_temp.pick(i, 24, 36 - (a >= 4)::int) >= a)::int END AS b
) second
CROSS JOIN LATERAL (
  SELECT pg_temp.pick(i, 25, 38) + (pg_temp.pick(i, 25, 38) >= least(a, b))::int AS c1
) third
""".replace("{start}", partial_date("i", 10))

EVENTS = """
INSERT INTO events_event (id, slug, title, summary, type, domains, start, start_approximate, "end", end_approximate,
                          place, status, created_at, updated_at)
SELECT k.i + 1, 'scale-event-' || lpad(k.i::text, 7, '0'),
       p1.short_name || '-' || p2.short_name || ' ' || t.topic
         || CASE WHEN pl.place <> '' THEN ', ' || pl.place ELSE '' END,
       p1.short_name || ' and ' || p2.short_name || coalesce(' and ' || p3.short_name, '') || ': ' || t.topic
         || CASE WHEN pl.place <> '' THEN ' in ' || pl.place ELSE '' END
         || '. Synthetic benchmark record ' || k.i || '.'
         || CASE WHEN k.i %% 1000 = 7 THEN ' Reported near {rare}.' ELSE '' END,
       t.type, t.domains, k.start, k.start IS NOT NULL AND pg_temp.r(k.i, 5) < 0.1,
       CASE WHEN k.start IS NOT NULL AND pg_temp.r(k.i, 6) < 0.2 THEN
         daterange(date_trunc('month', upper(k.start) + 31 + pg_temp.pick(k.i, 7, 370))::date,
                   (date_trunc('month', upper(k.start) + 31 + pg_temp.pick(k.i, 7, 370)) + interval '1 month')::date)
       END,
       false, pl.place, CASE WHEN pg_temp.r(k.i, 9) < 0.05 THEN 'draft' ELSE 'published' END, now(), now()
FROM pg_temp.bench_event_keys k
JOIN pg_temp.bench_topics t ON t.idx = k.topic
JOIN pg_temp.bench_places pl ON pl.idx = k.place
JOIN pg_temp.bench_pool p1 ON p1.idx = k.members[1]
JOIN pg_temp.bench_pool p2 ON p2.idx = k.members[2]
LEFT JOIN pg_temp.bench_pool p3 ON p3.idx = k.members[3]
ORDER BY k.i
""".replace("{rare}", RARE_WORD)

PARTICIPANTS = """
INSERT INTO events_eventparticipant (event_id, state_id, role, created_at, updated_at)
SELECT k.i + 1, p.iso3, CASE WHEN m.ord = 1 THEN t.role1 ELSE t.role2 END, now(), now()
FROM pg_temp.bench_event_keys k
CROSS JOIN LATERAL unnest(k.members) WITH ORDINALITY AS m(idx, ord)
JOIN pg_temp.bench_pool p ON p.idx = m.idx
JOIN pg_temp.bench_topics t ON t.idx = k.topic
ORDER BY k.i, m.ord
"""

# Relationship m is tie (m mod T) in its (m div T)-th period, counted back from today: period 0 still
# holds (open end), period s >= 1 lies within 5 years starting 2016 - 5s, so the same tie never overlaps itself.
RELATIONSHIPS = """
INSERT INTO events_relationship (id, slug, kind, state_a_id, state_b_id, start, start_approximate, "end",
                                 end_approximate, founding_event_id, summary, status, created_at, updated_at)
SELECT m + 1, 'scale-relationship-' || lpad(m::text, 7, '0'), t.kind, t.a, t.b,
       CASE WHEN pg_temp.r(m, 401) < 0.6 THEN daterange(make_date(y, 1, 1), make_date(y + 1, 1, 1))
            ELSE daterange(make_date(y, mo, 1), (make_date(y, mo, 1) + interval '1 month')::date) END,
       pg_temp.r(m, 402) < 0.1,
       CASE WHEN slot > 0 THEN daterange(make_date(y + span, 1, 1), make_date(y + span + 1, 1, 1)) END,
       false,
       CASE WHEN pg_temp.r(m, 403) < 0.3 THEN 1 + pg_temp.pick(m, 404, %(events)s) END,
       sa.short_name || ' and ' || sb.short_name || ': ' || t.label || '.',
       CASE WHEN pg_temp.r(m, 405) < 0.05 THEN 'draft' ELSE 'published' END, now(), now()
FROM generate_series(%(lo)s::bigint, %(hi)s::bigint - 1) AS m
CROSS JOIN LATERAL (
  SELECT m / (SELECT count(*) FROM pg_temp.bench_ties) AS slot,
         m %% (SELECT count(*) FROM pg_temp.bench_ties) AS tie
) s
CROSS JOIN LATERAL (
  SELECT CASE WHEN slot = 0 THEN 2016 + pg_temp.pick(m, 406, 8)
              ELSE 2016 - 5 * slot::int + pg_temp.pick(m, 406, 2) END AS y,
         1 + pg_temp.pick(m, 407, 12) AS mo, 1 + pg_temp.pick(m, 408, 3) AS span
) d
JOIN pg_temp.bench_ties t ON t.idx = s.tie
JOIN events_state sa ON sa.iso3 = t.a
JOIN events_state sb ON sb.iso3 = t.b
ORDER BY m
"""

# Claim k: 80% about event k/3 (so ~2.4 claims an event), 12% about a relationship, 8% only about states.
# The evidence rules (issue 10, checked at commit): a claim disputes only an event or a relationship it
# names, and is corroborated only with two citations of different sources (the claims whose id is a
# multiple of 3, see CITATIONS), which rely on no other source: two independent origins.
CLAIMS = """
INSERT INTO sources_claim (id, slug, statement, claimant, asserted, asserted_approximate, event_id, relationship_id,
                           stance, credibility, assessment, quantity_value, quantity_lower, quantity_upper,
                           quantity_unit, status, retraction_reason, created_at, updated_at)
SELECT k + 1, 'scale-claim-' || lpad(k::text, 7, '0'),
       'Claim ' || k || ' about ' || coalesce(e.title, r.summary, 'the axis of upheaval') || '.',
       c.claimant, CASE WHEN pg_temp.r(k, 52) < 0.9 THEN {asserted} END, pg_temp.r(k, 53) < 0.05,
       e.id, r.id,
       CASE WHEN pg_temp.r(k, 54) < 0.7 THEN 'supports'
            WHEN pg_temp.r(k, 54) < 0.8 AND (e.id IS NOT NULL OR r.id IS NOT NULL) THEN 'disputes'
            ELSE 'context' END,
       1 + pg_temp.pick(k, 55, 6),
       CASE WHEN a.assessment = 'corroborated' AND (k + 1) %% 3 <> 0 THEN 'unverified' ELSE a.assessment END,
       q.value, CASE WHEN q.value IS NOT NULL AND pg_temp.r(k, 57) < 0.3 THEN q.value / 2 END,
       CASE WHEN q.value IS NOT NULL AND pg_temp.r(k, 57) < 0.3 THEN q.value * 2 END,
       CASE WHEN q.value IS NOT NULL THEN u.unit ELSE '' END,
       CASE WHEN pg_temp.r(k, 58) < 0.03 THEN 'draft' WHEN pg_temp.r(k, 58) < 0.05 THEN 'retracted'
            ELSE 'published' END,
       CASE WHEN pg_temp.r(k, 58) >= 0.03 AND pg_temp.r(k, 58) < 0.05 THEN 'Withdrawn by the claimant.' ELSE '' END,
       now(), now()
FROM generate_series(%(lo)s::bigint, %(hi)s::bigint - 1) AS k
CROSS JOIN LATERAL (SELECT pg_temp.r(k, 50) AS subject) s
CROSS JOIN LATERAL (
  SELECT CASE WHEN pg_temp.r(k, 56) < 0.1 THEN (100 + pg_temp.pick(k, 59, 100000))::numeric END AS value
) q
LEFT JOIN events_event e ON s.subject < 0.8 AND e.id = k / 3 + 1
LEFT JOIN events_relationship r ON s.subject >= 0.8 AND s.subject < 0.92
                               AND r.id = 1 + pg_temp.pick(k, 51, %(relationships)s)
JOIN pg_temp.bench_claimants c ON c.idx = pg_temp.pick(k, 61, (SELECT count(*) FROM pg_temp.bench_claimants))
JOIN pg_temp.bench_units u ON u.idx = pg_temp.pick(k, 62, (SELECT count(*) FROM pg_temp.bench_units))
JOIN pg_temp.bench_assessments a ON a.idx = pg_temp.pick(k, 63, (SELECT count(*) FROM pg_temp.bench_assessments))
ORDER BY k
""".replace("{asserted}", partial_date("k", 60))

# Every claim about no event or relationship names one or two states; one in ten of the others one more.
CLAIM_STATES = """
INSERT INTO sources_claim_states (claim_id, state_id)
SELECT c.id, p.iso3
FROM sources_claim c
CROSS JOIN LATERAL (SELECT pg_temp.pick(c.id, 70, 40) AS first, pg_temp.pick(c.id, 71, 39) AS second0) i
CROSS JOIN LATERAL (VALUES (1, i.first), (2, i.second0 + (i.second0 >= i.first)::int)) AS pick(n, idx)
JOIN pg_temp.bench_pool p ON p.idx = pick.idx
WHERE c.id > %(lo)s AND c.id <= %(hi)s
  AND CASE WHEN c.event_id IS NULL AND c.relationship_id IS NULL THEN pick.n = 1 OR pg_temp.r(c.id, 72) < 0.5
           ELSE pick.n = 1 AND pg_temp.r(c.id, 73) < 0.1 END
ORDER BY c.id, pick.n
"""

# One citation a claim, a second for one claim in three (4N citations for 3N claims), of different sources.
CITATIONS = """
INSERT INTO sources_citation (claim_id, source_id, quote, locator, created_at, updated_at)
SELECT c.id, 1 + (i.first + (pick.n - 1) * (1 + i.offset)) %% %(sources)s,
       'As reported, ' || lower(left(c.statement, 1)) || substr(c.statement, 2),
       'para ' || (1 + pg_temp.pick(c.id, 82, 40)),
       now(), now()
FROM sources_claim c
CROSS JOIN LATERAL (
  SELECT pg_temp.pick(c.id, 80, %(sources)s) AS first, pg_temp.pick(c.id, 81, %(sources)s - 1) AS offset
) i
CROSS JOIN LATERAL (VALUES (1), (2)) AS pick(n)
WHERE c.id > %(lo)s AND c.id <= %(hi)s AND (pick.n = 1 OR c.id %% 3 = 0)
ORDER BY c.id, pick.n
"""


# --- Seeding -----------------------------------------------------------------------


def history_triggers(connection: psycopg.Connection) -> list[tuple[str, str]]:
    """(table, trigger) of the django-pghistory triggers on the seeded tables.

    pghistory installs its triggers through django-pgtrigger as ordinary row
    triggers whose function inserts into the ``<model>event`` tables (columns
    ``pgh_obj_id``, ``pgh_context_id``...); they are found by that, not by name.
    """
    return connection.execute(
        """
        SELECT c.relname, t.tgname
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
        WHERE c.relname = ANY(%s) AND NOT t.tgisinternal AND p.prosrc LIKE '%%pgh\\_%%'
        ORDER BY 1, 2
        """,
        [list(TABLES)],
    ).fetchall()


def drop_for_bulk_load(connection: psycopg.Connection) -> list[str]:
    """Drop the seeded tables' foreign keys and the indexes no constraint needs; return the SQL that restores them.

    PostgreSQL's advice for a bulk load: one index build and one set-based check of
    each foreign key afterwards instead of one per row. Read from the catalog, so
    every index and foreign key the migrations add is restored, and still checked.
    Primary keys, unique and exclusion constraints stay, and check every row.
    """
    tables = [f"public.{table}" for table in TABLES]
    foreign_keys = connection.execute(
        """
        SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
        FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])
        """,
        [tables],
    ).fetchall()
    indexes = connection.execute(
        """
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
        FROM pg_index i
        WHERE i.indrelid = ANY(%s::regclass[])
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        """,
        [tables],
    ).fetchall()
    restore = []
    for table, name, definition in foreign_keys:
        connection.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        restore.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    for name, definition in indexes:
        connection.execute(f"DROP INDEX {name}")
        restore.insert(0, definition)
    return restore


def supplied_columns() -> dict[str, set[str]]:
    """The columns each INSERT above names."""
    import re

    columns = {}
    for statement in (SOURCES, EVENTS, PARTICIPANTS, RELATIONSHIPS, CLAIMS, CLAIM_STATES, CITATIONS, STATES):
        match = re.search(r"INSERT INTO (\w+) \(([^)]*)\)", statement)
        columns[match[1]] = {name.strip().strip('"') for name in match[2].split(",")}
    return columns


def temporary_defaults(connection: psycopg.Connection) -> list[tuple[str, str]]:
    """Give NOT NULL columns the generator does not fill, and that lack a database default, their model default.

    Returns the (table, column) pairs whose default must be dropped again.
    """
    from django.apps import apps
    from django.db import connection as django_connection
    from psycopg import sql

    fields = {
        (model._meta.db_table, field.column): field
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.concrete_fields
    }
    missing = connection.execute(
        """
        SELECT table_name, column_name, format_type(a.atttypid, a.atttypmod)
        FROM information_schema.columns col
        JOIN pg_attribute a ON a.attrelid = col.table_name::text::regclass AND a.attname = col.column_name
        WHERE table_schema = current_schema() AND table_name = ANY(%s) AND is_nullable = 'NO'
          AND column_default IS NULL AND is_generated = 'NEVER' AND is_identity = 'NO'
        """,
        [list(TABLES)],
    ).fetchall()
    supplied = supplied_columns()
    defaulted = []
    for table, column, column_type in missing:
        if column in supplied[table]:
            continue
        field = fields.get((table, column))
        # Django's own default: the declared one, or "" for a text field that may be blank (as a form saves it).
        if field is None or (not field.has_default() and field.get_default() is None):
            raise RuntimeError(
                f"{table}.{column} is NOT NULL without a default: benchmarks/scale/generate.py must fill it"
            )
        value = field.get_db_prep_save(field.get_default(), connection=django_connection)
        connection.execute(
            sql.SQL("ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {}::{}").format(
                sql.Identifier(table), sql.Identifier(column), sql.Literal(value), sql.SQL(column_type)
            )
        )
        defaulted.append((table, column))
    return defaulted


def seed(url: str, lo: int, hi: int) -> dict[str, float]:
    """Add events ``lo..hi-1`` and everything that comes with them (the states too when ``lo`` is 0).

    One transaction: the history triggers are disabled inside it and enabled again
    before it commits, so no other session ever sees them off, and an error leaves
    them on. Returns the seconds each step took.
    """
    from psycopg import sql

    timings = {}
    with psycopg.connect(url) as connection:
        connection.execute("SET LOCAL synchronous_commit = off")
        connection.execute("SET LOCAL work_mem = '256MB'")
        connection.execute("SET LOCAL maintenance_work_mem = '512MB'")
        connection.execute(FUNCTIONS)
        vocabulary_tables(connection)
        # History off while seeding, by ALTER TABLE ... DISABLE TRIGGER on the pghistory triggers only.
        # Not `SET session_replication_role = replica`: that would also skip the foreign-key checks
        # (themselves triggers) and any trigger the app adds to keep derived data (counts) right.
        # Not `pgtrigger.ignore`: its check still runs in every row's trigger (the cost issue 15 measured).
        triggers = history_triggers(connection)
        for table, trigger in triggers:
            connection.execute(
                sql.SQL("ALTER TABLE {} DISABLE TRIGGER {}").format(sql.Identifier(table), sql.Identifier(trigger))
            )
        defaulted = temporary_defaults(connection)
        restore = drop_for_bulk_load(connection)
        params = {
            "lo": lo,
            "hi": hi,
            "events": hi,
            "sources": source_count(hi),
            "relationships": relationship_count(hi),
        }

        def step(name: str, statement: str, **overrides) -> None:
            started = time.perf_counter()
            connection.execute(statement, {**params, **overrides})
            timings[name] = time.perf_counter() - started

        if lo == 0:
            started = time.perf_counter()
            connection.execute(sql.SQL(STATES).format(rows=states_values()))
            timings["states"] = time.perf_counter() - started
        step("sources", SOURCES, lo=source_count(lo) if lo else 0, hi=source_count(hi))
        step("event keys", EVENT_KEYS)
        step("events", EVENTS)
        step("participants", PARTICIPANTS)
        step("relationships", RELATIONSHIPS, lo=relationship_count(lo) if lo else 0, hi=relationship_count(hi))
        step("claims", CLAIMS, lo=3 * lo, hi=3 * hi)
        step("claim states", CLAIM_STATES, lo=3 * lo, hi=3 * hi)
        step("citations", CITATIONS, lo=3 * lo, hi=3 * hi)
        # The evidence rules PostgreSQL defers to the commit (sources 0009: corroborated needs two
        # origins, disputes names a target) are checked now: it cannot rebuild an index on a table
        # with checks pending, and a row breaking them fails the seeding here, with its reason.
        step("evidence rules", "SET CONSTRAINTS ALL IMMEDIATE")
        for table in EXPLICIT_IDS:
            connection.execute(
                sql.SQL("SELECT setval(pg_get_serial_sequence({}, 'id'), (SELECT max(id) FROM {}))").format(
                    sql.Literal(table), sql.Identifier(table)
                )
            )
        started = time.perf_counter()
        for statement in restore:
            connection.execute(statement)
        timings["indexes and foreign keys"] = time.perf_counter() - started
        for table, column in defaulted:
            connection.execute(
                sql.SQL("ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT").format(
                    sql.Identifier(table), sql.Identifier(column)
                )
            )
        for table, trigger in triggers:
            connection.execute(
                sql.SQL("ALTER TABLE {} ENABLE TRIGGER {}").format(sql.Identifier(table), sql.Identifier(trigger))
            )
        started = time.perf_counter()
        connection.commit()
        timings["commit"] = time.perf_counter() - started
    return timings


def states_values():
    """Every ISO 3166-1 country as a VALUES list (official name unique, the common name as short name)."""
    from psycopg import sql

    aliases = {"PRK": ["DPRK", "Pyongyang"], "CHN": ["PRC", "Beijing"], "RUS": ["Moscow"], "IRN": ["Tehran"]}
    rows = []
    for country in pycountry.countries:
        rows.append(
            sql.SQL("({}, {}, {}, {}::varchar[], {})").format(
                sql.Literal(country.alpha_3),
                sql.Literal(getattr(country, "official_name", country.name)),
                sql.Literal(getattr(country, "common_name", country.name)),
                sql.Literal(aliases.get(country.alpha_3, [])),
                sql.Literal(country.alpha_3 in AXIS),
            )
        )
    return sql.SQL(", ").join(rows)


def vacuum_analyze(url: str) -> float:
    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


def state_names() -> None:
    """Fill the state names table (codes, names, aliases in their compared form) as ``State.save`` would:
    the states were inserted in SQL, and imports and filters resolve names through that table."""
    from events.models import State

    for state in State.objects.all():
        state.names_sync()


def touch_data_version(url: str) -> None:
    """Record one history row (with the triggers on), so the API's data version differs from before the seeding.

    The seeding itself writes no history, so without this an ETag or a response cache
    keyed on the data's version could not tell the 300k database from the 30k one.
    """
    with psycopg.connect(url) as connection:
        connection.execute("UPDATE events_state SET updated_at = now() WHERE iso3 = 'PRK'")


def table_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as connection:
        return {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}
