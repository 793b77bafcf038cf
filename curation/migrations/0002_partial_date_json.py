"""``curation_partial_date_json(range, approximate)``: a partial date as the API shows it, in SQL.

What ``curation.api.partial_dates.PartialDateField`` gives for a partial-date column (a range covering
exactly a day, a calendar month or a calendar year) and its ``<field>_approximate`` flag:
``{"value": "2024-03", "precision": "month", "approximate": false}``, or null. Used by the
representations PostgreSQL builds (``curation.api.json_sql``). A SQL function of one expression,
so PostgreSQL inlines it where it is called (STABLE, as ``to_char`` is): it costs what the
expression costs, and keeps each statement that shows dates short enough for psycopg to keep its
parsed form (statements over 4,096 characters are parsed again at every execution).
"""

from django.db import migrations

SQL = """
CREATE FUNCTION curation_partial_date_json(period daterange, approximate boolean) RETURNS json
LANGUAGE sql STABLE PARALLEL SAFE AS $$
SELECT CASE WHEN period IS NULL THEN NULL ELSE json_build_object(
    'value', CASE WHEN upper(period) - lower(period) = 1 THEN to_char(lower(period), 'YYYY-MM-DD')
                  WHEN extract(doy FROM lower(period)) = 1 AND upper(period) = (lower(period) + interval '1 year')::date
                  THEN to_char(lower(period), 'YYYY')
                  ELSE to_char(lower(period), 'YYYY-MM') END,
    'precision', CASE WHEN upper(period) - lower(period) = 1 THEN 'day'
                      WHEN extract(doy FROM lower(period)) = 1 AND upper(period) = (lower(period) + interval '1 year')::date
                      THEN 'year'
                      ELSE 'month' END,
    'approximate', coalesce(approximate, false)) END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("curation", "0001_public_data_version")]

    operations = [
        migrations.RunSQL(SQL, reverse_sql="DROP FUNCTION curation_partial_date_json(daterange, boolean);"),
    ]
