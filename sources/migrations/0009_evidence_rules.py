"""The evidence rules, kept by PostgreSQL itself so that admin saves, CSV imports, bulk SQL and
shell sessions all obey them (see sources/origins.py for the same rules in Python, for messages):

- ``sources_source.origins``: the sources at the ends of a source's ``based_on`` chains (empty:
  it relies on nothing named and is its own origin); a ``based_on`` link that would close a
  loop is refused (``source_based_on_no_cycle``).
- ``sources_claim.origin_count`` / ``circular_reporting``: the independent origins of the
  citations that do not deny the claim, recounted set-wise after every statement that writes
  citations or ``based_on`` links (statement triggers with transition tables: a bulk load
  recounts each claim once). Citations that ``report`` and name no origin count as one origin,
  "unnamed reports" (0).
- deferred to the commit, so that a claim, its citations and its links can be written in any
  order in one transaction: ``corroborated`` needs two origins
  (``claim_corroborated_needs_two_origins``), a ``disputes`` claim names what it disputes, an
  event, a relationship or a claim it ``contradicts`` (``claim_disputes_names_target``);
- ``derives_from`` and ``supersedes`` links never form a cycle (``claimlink_no_cycle``;
  deferrable, checked at once unless deferred).
"""

from django.db import migrations

FUNCTIONS = r"""
CREATE FUNCTION sources_origins_of(source bigint) RETURNS bigint[] LANGUAGE sql STABLE AS $$
  WITH RECURSIVE reach(id) AS (
    SELECT to_source_id FROM sources_source_based_on WHERE from_source_id = source
    UNION
    SELECT b.to_source_id FROM sources_source_based_on b JOIN reach r ON b.from_source_id = r.id
  )
  SELECT coalesce(array_agg(r.id ORDER BY r.id), '{}')
  FROM reach r
  WHERE NOT EXISTS (SELECT 1 FROM sources_source_based_on b WHERE b.from_source_id = r.id)
$$;

-- A citation's origins: the ends of its source's chains (or the source itself), plus "unnamed
-- reports" (0) when it only reports. Citations whose origins overlap are one piece of evidence:
-- a claim's independent origins are the groups its citations fall into (connected components).
CREATE FUNCTION sources_claims_recount(claims bigint[]) RETURNS void LANGUAGE sql AS $$
  WITH RECURSIVE k AS (
    SELECT DISTINCT unnest(claims) AS id
  ), cit AS (
    SELECT ci.id, ci.claim_id,
           CASE WHEN cardinality(s.origins) > 0 THEN s.origins ELSE ARRAY[s.id] END
           || CASE WHEN ci.attribution = 'reports' THEN ARRAY[0::bigint] ELSE '{}'::bigint[] END AS o
    FROM sources_citation ci
    JOIN k ON k.id = ci.claim_id
    JOIN sources_source s ON s.id = ci.source_id
    WHERE ci.attribution <> 'denies'
  ), reach(root, id) AS (
    SELECT id, id FROM cit
    UNION
    SELECT r.root, c2.id
    FROM reach r
    JOIN cit c1 ON c1.id = r.id
    JOIN cit c2 ON c2.claim_id = c1.claim_id AND c2.o && c1.o
  ), component AS (
    SELECT id, min(root) AS first FROM reach GROUP BY id
  ), n AS (
    SELECT k.id, count(DISTINCT component.first) AS origins, count(cit.id) AS citations
    FROM k
    LEFT JOIN cit ON cit.claim_id = k.id
    LEFT JOIN component ON component.id = cit.id
    GROUP BY k.id
  )
  UPDATE sources_claim c
  SET origin_count = n.origins, circular_reporting = (n.citations >= 2 AND n.origins = 1)
  FROM n
  WHERE c.id = n.id
    AND (c.origin_count, c.circular_reporting) IS DISTINCT FROM (n.origins, n.citations >= 2 AND n.origins = 1)
$$;

-- The independent origins of several claims together, counting only citations of published sources
-- (what readers see): an event's or a relationship's evidence summary in the API.
CREATE FUNCTION sources_independent_origins(claims bigint[]) RETURNS integer LANGUAGE sql STABLE AS $$
  WITH RECURSIVE cit AS (
    SELECT ci.id,
           CASE WHEN cardinality(s.origins) > 0 THEN s.origins ELSE ARRAY[s.id] END
           || CASE WHEN ci.attribution = 'reports' THEN ARRAY[0::bigint] ELSE '{}'::bigint[] END AS o
    FROM sources_citation ci
    JOIN sources_source s ON s.id = ci.source_id
    WHERE ci.claim_id = ANY (claims) AND ci.attribution <> 'denies' AND s.status = 'published'
  ), reach(root, id) AS (
    SELECT id, id FROM cit
    UNION
    SELECT r.root, c2.id FROM reach r JOIN cit c1 ON c1.id = r.id JOIN cit c2 ON c2.o && c1.o
  )
  SELECT count(DISTINCT first)::integer FROM (SELECT id, min(root) AS first FROM reach GROUP BY id) AS component
$$;

CREATE FUNCTION sources_citations_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM sources_claims_recount(ARRAY(SELECT DISTINCT claim_id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM sources_claims_recount(ARRAY(SELECT DISTINCT claim_id FROM old_rows));
  ELSE
    PERFORM sources_claims_recount(
      ARRAY(SELECT claim_id FROM new_rows UNION SELECT claim_id FROM old_rows));
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION sources_based_on_refuse_cycle() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.from_source_id = NEW.to_source_id OR EXISTS (
    WITH RECURSIVE reach(id) AS (
      SELECT NEW.to_source_id
      UNION
      SELECT b.to_source_id FROM sources_source_based_on b JOIN reach r ON b.from_source_id = r.id
    )
    SELECT 1 FROM reach WHERE id = NEW.from_source_id
  ) THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', CONSTRAINT = 'source_based_on_no_cycle',
      MESSAGE = format('source %s cannot be based on source %s: that source already relies on it',
                       NEW.from_source_id, NEW.to_source_id);
  END IF;
  RETURN NEW;
END $$;

CREATE FUNCTION sources_based_on_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed bigint[];
BEGIN
  -- The sources whose chains pass through a source whose based_on changed, that source included.
  WITH RECURSIVE affected(id) AS (
    SELECT from_source_id FROM changed_rows
    UNION
    SELECT b.from_source_id FROM sources_source_based_on b JOIN affected a ON b.to_source_id = a.id
  ), updated AS (
    UPDATE sources_source s SET origins = sources_origins_of(s.id)
    FROM affected a
    WHERE s.id = a.id AND s.origins IS DISTINCT FROM sources_origins_of(s.id)
    RETURNING s.id
  )
  SELECT array_agg(id) INTO changed FROM updated;
  IF changed IS NOT NULL THEN
    PERFORM sources_claims_recount(ARRAY(SELECT DISTINCT claim_id FROM sources_citation
                                         WHERE source_id = ANY (changed)));
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION sources_claim_check(claim bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  c record;
BEGIN
  SELECT id, slug, assessment, stance, event_id, relationship_id, origin_count INTO c
  FROM sources_claim WHERE id = claim;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  IF c.assessment = 'corroborated' AND c.origin_count < 2 THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', CONSTRAINT = 'claim_corroborated_needs_two_origins',
      MESSAGE = format('claim %s is corroborated but its citations lead back to %s independent origin(s); '
                       'corroborated needs at least two', c.slug, c.origin_count);
  END IF;
  IF c.stance = 'disputes' AND c.event_id IS NULL AND c.relationship_id IS NULL AND NOT EXISTS (
    SELECT 1 FROM sources_claimlink l WHERE l.from_claim_id = c.id AND l.kind = 'contradicts'
  ) THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', CONSTRAINT = 'claim_disputes_names_target',
      MESSAGE = format('claim %s disputes nothing named: give it an event, a relationship '
                       'or a claim it contradicts', c.slug);
  END IF;
END $$;

CREATE FUNCTION sources_claim_check_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM sources_claim_check(NEW.id);
  RETURN NULL;
END $$;

CREATE FUNCTION sources_claimlink_check_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM sources_claim_check(OLD.from_claim_id);
  RETURN NULL;
END $$;

CREATE FUNCTION sources_claimlink_refuse_cycle() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM sources_claimlink WHERE id = NEW.id AND kind IN ('derives_from', 'supersedes')) THEN
    RETURN NULL;  -- changed or gone since
  END IF;
  IF EXISTS (
    WITH RECURSIVE reach(id) AS (
      SELECT NEW.to_claim_id
      UNION
      SELECT l.to_claim_id FROM sources_claimlink l JOIN reach r ON l.from_claim_id = r.id
      WHERE l.kind IN ('derives_from', 'supersedes')
    )
    SELECT 1 FROM reach WHERE id = NEW.from_claim_id
  ) THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', CONSTRAINT = 'claimlink_no_cycle',
      MESSAGE = format('claim %s cannot %s claim %s: through derives_from and supersedes links, '
                       'that claim already leads back to it', NEW.from_claim_id, NEW.kind, NEW.to_claim_id);
  END IF;
  RETURN NULL;
END $$;
"""

TRIGGERS = r"""
CREATE TRIGGER citation_recount_insert AFTER INSERT ON sources_citation
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sources_citations_changed();
CREATE TRIGGER citation_recount_update AFTER UPDATE ON sources_citation
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION sources_citations_changed();
CREATE TRIGGER citation_recount_delete AFTER DELETE ON sources_citation
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION sources_citations_changed();

CREATE TRIGGER based_on_refuse_cycle BEFORE INSERT OR UPDATE ON sources_source_based_on
  FOR EACH ROW EXECUTE FUNCTION sources_based_on_refuse_cycle();
CREATE TRIGGER based_on_insert AFTER INSERT ON sources_source_based_on
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION sources_based_on_changed();
CREATE TRIGGER based_on_delete AFTER DELETE ON sources_source_based_on
  REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION sources_based_on_changed();

-- Only rows that may break a rule are queued for the check at commit.
CREATE CONSTRAINT TRIGGER claim_evidence_rules AFTER INSERT OR UPDATE ON sources_claim
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN ((NEW.assessment = 'corroborated' AND NEW.origin_count < 2)
        OR (NEW.stance = 'disputes' AND NEW.event_id IS NULL AND NEW.relationship_id IS NULL))
  EXECUTE FUNCTION sources_claim_check_row();
CREATE CONSTRAINT TRIGGER claimlink_disputes_target AFTER UPDATE OR DELETE ON sources_claimlink
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD.kind = 'contradicts')
  EXECUTE FUNCTION sources_claimlink_check_old();
CREATE CONSTRAINT TRIGGER claimlink_no_cycle AFTER INSERT OR UPDATE ON sources_claimlink
  DEFERRABLE INITIALLY IMMEDIATE FOR EACH ROW
  WHEN (NEW.kind IN ('derives_from', 'supersedes'))
  EXECUTE FUNCTION sources_claimlink_refuse_cycle();
"""

BACKFILL = r"""
UPDATE sources_source s SET origins = sources_origins_of(s.id)
WHERE EXISTS (SELECT 1 FROM sources_source_based_on b WHERE b.from_source_id = s.id);
SELECT sources_claims_recount(ARRAY(SELECT DISTINCT claim_id FROM sources_citation));
"""

DROP = r"""
DROP TRIGGER IF EXISTS claimlink_no_cycle ON sources_claimlink;
DROP TRIGGER IF EXISTS claimlink_disputes_target ON sources_claimlink;
DROP TRIGGER IF EXISTS claim_evidence_rules ON sources_claim;
DROP TRIGGER IF EXISTS based_on_delete ON sources_source_based_on;
DROP TRIGGER IF EXISTS based_on_insert ON sources_source_based_on;
DROP TRIGGER IF EXISTS based_on_refuse_cycle ON sources_source_based_on;
DROP TRIGGER IF EXISTS citation_recount_delete ON sources_citation;
DROP TRIGGER IF EXISTS citation_recount_update ON sources_citation;
DROP TRIGGER IF EXISTS citation_recount_insert ON sources_citation;
DROP FUNCTION IF EXISTS sources_claimlink_refuse_cycle();
DROP FUNCTION IF EXISTS sources_claimlink_check_old();
DROP FUNCTION IF EXISTS sources_claim_check_row();
DROP FUNCTION IF EXISTS sources_claim_check(bigint);
DROP FUNCTION IF EXISTS sources_based_on_changed();
DROP FUNCTION IF EXISTS sources_based_on_refuse_cycle();
DROP FUNCTION IF EXISTS sources_citations_changed();
DROP FUNCTION IF EXISTS sources_claims_recount(bigint[]);
DROP FUNCTION IF EXISTS sources_independent_origins(bigint[]);
DROP FUNCTION IF EXISTS sources_origins_of(bigint);
"""


class Migration(migrations.Migration):
    dependencies = [("sources", "0008_evidence_links")]

    operations = [migrations.RunSQL(FUNCTIONS + TRIGGERS + BACKFILL, DROP)]
