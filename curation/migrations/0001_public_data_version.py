"""The public data's version: one row, moved only when what readers can see changes.

The tables' own statement triggers (installed after every migrate from the
registry, ``curation.public_version``) call ``curation_public_data_changed()``
when a statement touches a row readers can see. That marks the transaction once
(a row in ``curation_public_data_change``); a deferred constraint trigger on that
row moves the version at commit, so the version row is locked only for the
instant before the commit (no writer waits on another's long import, no
deadlock) and versions follow the order of the commits.
"""

from django.db import migrations

SQL = """
CREATE TABLE curation_public_data_version (
    id smallint PRIMARY KEY CHECK (id = 1),
    version bigint NOT NULL,
    changed_at timestamptz NOT NULL
);
INSERT INTO curation_public_data_version (id, version, changed_at) VALUES (1, 1, clock_timestamp());

CREATE TABLE curation_public_data_change (id bigserial PRIMARY KEY);

CREATE FUNCTION curation_public_data_changed() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('curation.public_data_changed', true), '') <> 'yes' THEN
        PERFORM set_config('curation.public_data_changed', 'yes', true);
        INSERT INTO curation_public_data_change DEFAULT VALUES;
    END IF;
END $$;

CREATE FUNCTION curation_public_data_commit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE curation_public_data_version SET version = version + 1, changed_at = clock_timestamp() WHERE id = 1;
    DELETE FROM curation_public_data_change WHERE id = NEW.id;
    PERFORM set_config('curation.public_data_changed', '', true);
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER curation_public_data_commit
    AFTER INSERT ON curation_public_data_change
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION curation_public_data_commit();
"""

REVERSE_SQL = """
DROP TABLE curation_public_data_change;
DROP TABLE curation_public_data_version;
DROP FUNCTION curation_public_data_changed();
DROP FUNCTION curation_public_data_commit();
"""


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunSQL(SQL, REVERSE_SQL)]
