"""``sources_source.claim_count``: the public claims citing each source, kept by PostgreSQL.

Counted per row of a page, the count was a correlated subquery that PostgreSQL planned for an
average source, reading every claim once per row (20 rows x 30 ms with SIPRI's 28,699 and ATOP's
11,091 claims). Kept in the row, a page reads it as a column, and ``ordering=claim_count`` walks
an index.

The count is what ``ClaimQuerySet.public`` shows: a claim counts for each source it cites while it
is published and its event and relationship, if any, are published too. Statement triggers with
transition tables shift the counts by what each statement changed, so a bulk load counts each row
once:

- citations added, removed or moved (``sources_citation``);
- claims added, removed, or whose status, event or relationship changed (``sources_claim``);
- events and relationships added, removed, or published and unpublished (their claims' citations).

Every statement changes one table and is judged against the others as they stand, so after each
statement every count equals a recount, whatever the order of the writes in a transaction (foreign
keys are deferred: a citation may come before its claim). A ``BEFORE`` trigger on
``sources_source`` ignores what the application writes to the column (``Source.save`` writes every
field, perhaps a stale count): a new source is counted, an updated one keeps its count.
"""

from django.db import migrations, models

PUBLIC = "'published'"

FUNCTIONS = rf"""
-- ClaimQuerySet.public, for one claim's status, event and relationship.
CREATE FUNCTION sources_claim_public(text, bigint, bigint) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT $1 = {PUBLIC}
     AND ($2 IS NULL OR EXISTS (SELECT 1 FROM events_event e WHERE e.id = $2 AND e.status = {PUBLIC}))
     AND ($3 IS NULL OR EXISTS (SELECT 1 FROM events_relationship r WHERE r.id = $3 AND r.status = {PUBLIC}))
$$;

-- Shift by ``sign`` the counts of the sources these claims cite.
CREATE FUNCTION sources_claim_count_shift(claims bigint[], sign integer) RETURNS void LANGUAGE sql AS $$
  UPDATE sources_source s SET claim_count = s.claim_count + sign * d.n
  FROM (
    SELECT ci.source_id, count(*) AS n
    FROM unnest(claims) AS k(id) JOIN sources_citation ci ON ci.claim_id = k.id
    GROUP BY ci.source_id
  ) d
  WHERE s.id = d.source_id
$$;

CREATE FUNCTION sources_claim_count_citations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    {{insert}}
  ELSIF TG_OP = 'DELETE' THEN
    {{delete}}
  ELSE
    {{update}}
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION sources_claim_count_claims() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    -- A new claim has no citations yet, unless they came first (foreign keys are deferred).
    PERFORM sources_claim_count_shift(ARRAY(
      SELECT id FROM new_rows n
      WHERE CASE WHEN EXISTS (SELECT 1 FROM sources_citation ci WHERE ci.claim_id = n.id)
            THEN sources_claim_public(n.status, n.event_id, n.relationship_id) END), 1);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM sources_claim_count_shift(ARRAY(
      SELECT id FROM old_rows o
      WHERE CASE WHEN EXISTS (SELECT 1 FROM sources_citation ci WHERE ci.claim_id = o.id)
            THEN sources_claim_public(o.status, o.event_id, o.relationship_id) END), -1);
  ELSE
    -- Most updates (an edited statement, the origins recount) change none of the three: the CASE
    -- spares them the two lookups.
    PERFORM sources_claim_count_shift(ARRAY(
      SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE CASE WHEN (o.status, o.event_id, o.relationship_id) IS DISTINCT FROM (n.status, n.event_id, n.relationship_id)
            THEN sources_claim_public(o.status, o.event_id, o.relationship_id)
                 AND NOT sources_claim_public(n.status, n.event_id, n.relationship_id) END), -1);
    PERFORM sources_claim_count_shift(ARRAY(
      SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE CASE WHEN (o.status, o.event_id, o.relationship_id) IS DISTINCT FROM (n.status, n.event_id, n.relationship_id)
            THEN sources_claim_public(n.status, n.event_id, n.relationship_id)
                 AND NOT sources_claim_public(o.status, o.event_id, o.relationship_id) END), 1);
  END IF;
  RETURN NULL;
END $$;

{{subjects}}

CREATE FUNCTION sources_source_claim_count_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF pg_trigger_depth() > 1 THEN
    RETURN NEW;  -- the counting triggers' own update
  ELSIF TG_OP = 'INSERT' THEN
    NEW.claim_count := (
      SELECT count(*) FROM sources_citation ci JOIN sources_claim c ON c.id = ci.claim_id
      WHERE ci.source_id = NEW.id AND sources_claim_public(c.status, c.event_id, c.relationship_id));
  ELSE
    NEW.claim_count := OLD.claim_count;
  END IF;
  RETURN NEW;
END $$;
"""


def citations_shift(*sides: tuple[str, int]) -> str:
    """The statement that shifts the counts by the citations in the transition tables ``sides``."""
    rows = " UNION ALL ".join(f"SELECT source_id, claim_id, {sign} AS sign FROM {table}" for table, sign in sides)
    # The publicness is asked in the aggregate's FILTER, of the joined claims only: as a WHERE
    # condition PostgreSQL may push it into a scan of every claim.
    return (
        "UPDATE sources_source s SET claim_count = s.claim_count + d.n FROM ("
        " SELECT r.source_id,"
        " sum(r.sign) FILTER (WHERE sources_claim_public(c.status, c.event_id, c.relationship_id)) AS n"
        f" FROM ({rows}) r JOIN sources_claim c ON c.id = r.claim_id GROUP BY r.source_id"
        ") d WHERE s.id = d.source_id AND d.n <> 0;"
    )


def subject_functions(subject: str, other: str, other_table: str) -> str:
    """An event's or a relationship's status decides whether the claims about it count."""
    return rf"""
CREATE FUNCTION sources_claim_count_{subject}_shift(subjects bigint[], sign integer) RETURNS void
LANGUAGE sql AS $$
  UPDATE sources_source s SET claim_count = s.claim_count + sign * d.n
  FROM (
    SELECT ci.source_id, count(*) AS n
    FROM unnest(subjects) AS t(id)
    JOIN sources_claim c ON c.{subject}_id = t.id
    JOIN sources_citation ci ON ci.claim_id = c.id
    WHERE c.status = {PUBLIC}
      AND (c.{other}_id IS NULL
           OR EXISTS (SELECT 1 FROM {other_table} x WHERE x.id = c.{other}_id AND x.status = {PUBLIC}))
    GROUP BY ci.source_id
  ) d
  WHERE s.id = d.source_id
$$;

CREATE FUNCTION sources_claim_count_{subject}s() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM sources_claim_count_{subject}_shift(ARRAY(SELECT id FROM new_rows WHERE status = {PUBLIC}), 1);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM sources_claim_count_{subject}_shift(ARRAY(SELECT id FROM old_rows WHERE status = {PUBLIC}), -1);
  ELSE
    PERFORM sources_claim_count_{subject}_shift(ARRAY(
      SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE o.status = {PUBLIC} AND n.status <> {PUBLIC}), -1);
    PERFORM sources_claim_count_{subject}_shift(ARRAY(
      SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE n.status = {PUBLIC} AND o.status <> {PUBLIC}), 1);
  END IF;
  RETURN NULL;
END $$;
"""


SQL_FUNCTIONS = FUNCTIONS.format(
    insert=citations_shift(("new_rows", 1)),
    delete=citations_shift(("old_rows", -1)),
    update=citations_shift(("new_rows", 1), ("old_rows", -1)),
    subjects=subject_functions("event", "relationship", "events_relationship")
    + subject_functions("relationship", "event", "events_event"),
)

# Before the guard exists: it would keep every row's old count.
BACKFILL = r"""
UPDATE sources_source s SET claim_count = d.n
FROM (
  SELECT ci.source_id, count(*) AS n FROM sources_citation ci JOIN sources_claim c ON c.id = ci.claim_id
  WHERE sources_claim_public(c.status, c.event_id, c.relationship_id) GROUP BY ci.source_id
) d
WHERE s.id = d.source_id;
"""


def statement_triggers(table: str, function: str, prefix: str) -> str:
    return "\n".join(
        f"CREATE TRIGGER {prefix}_{operation.lower()} AFTER {operation} ON {table}"
        f" REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION {function}();"
        for operation, tables in (
            ("INSERT", "NEW TABLE AS new_rows"),
            ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("DELETE", "OLD TABLE AS old_rows"),
        )
    )


TRIGGERS = "\n".join(
    [
        statement_triggers("sources_citation", "sources_claim_count_citations", "citation_claim_count"),
        statement_triggers("sources_claim", "sources_claim_count_claims", "claim_claim_count"),
        statement_triggers("events_event", "sources_claim_count_events", "event_claim_count"),
        statement_triggers("events_relationship", "sources_claim_count_relationships", "relationship_claim_count"),
        "CREATE TRIGGER source_claim_count_guard BEFORE INSERT OR UPDATE ON sources_source"
        " FOR EACH ROW EXECUTE FUNCTION sources_source_claim_count_guard();",
    ]
)

DROP = "\n".join(
    [
        "DROP TRIGGER IF EXISTS source_claim_count_guard ON sources_source;",
        *(
            f"DROP TRIGGER IF EXISTS {prefix}_{operation} ON {table};"
            for table, prefix in (
                ("sources_citation", "citation_claim_count"),
                ("sources_claim", "claim_claim_count"),
                ("events_event", "event_claim_count"),
                ("events_relationship", "relationship_claim_count"),
            )
            for operation in ("insert", "update", "delete")
        ),
        "DROP FUNCTION IF EXISTS sources_source_claim_count_guard();",
        "DROP FUNCTION IF EXISTS sources_claim_count_events();",
        "DROP FUNCTION IF EXISTS sources_claim_count_relationships();",
        "DROP FUNCTION IF EXISTS sources_claim_count_event_shift(bigint[], integer);",
        "DROP FUNCTION IF EXISTS sources_claim_count_relationship_shift(bigint[], integer);",
        "DROP FUNCTION IF EXISTS sources_claim_count_claims();",
        "DROP FUNCTION IF EXISTS sources_claim_count_citations();",
        "DROP FUNCTION IF EXISTS sources_claim_count_shift(bigint[], integer);",
        "DROP FUNCTION IF EXISTS sources_claim_public(text, bigint, bigint);",
    ]
)


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0012_history_foreign_keys_unindexed"),
        ("events", "0013_history_foreign_keys_unindexed"),
    ]

    operations = [
        migrations.AddField(
            model_name="source",
            name="claim_count",
            field=models.IntegerField(
                db_default=0,
                default=0,
                editable=False,
                help_text="The published claims about published subjects that cite it (what readers see).",
                verbose_name="public claims",
            ),
        ),
        migrations.RunSQL(SQL_FUNCTIONS + BACKFILL + TRIGGERS, DROP),
        migrations.AddIndex(
            model_name="source",
            index=models.Index(
                models.F("claim_count"),
                models.F("slug"),
                condition=models.Q(("status", "published")),
                name="source_public_claims_asc_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="source",
            index=models.Index(
                models.OrderBy(models.F("claim_count"), descending=True),
                models.F("slug"),
                condition=models.Q(("status", "published")),
                name="source_public_claims_desc_idx",
            ),
        ),
    ]
