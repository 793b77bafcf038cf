"""``sources_independent_origins`` planned once per connection, not at every call, on PostgreSQL 18.

PostgreSQL 18 keeps the plans of SQL functions in its plan cache, as it keeps a prepared statement's: the
first calls are planned for their arguments, and a generic plan is kept only when it is estimated no dearer
than those. For this function (a recursive query over the citations of an array of claims) the generic plan
never wins the estimate, so every call was planned again: measured 2026-12-01 at 300,000 events, the events
page's evidence (two calls per event) took 13.6 ms of planning and running on PostgreSQL 18.6 against 3.9 ms
with the generic plan; the generic plan reads the citations by claim through the same index. PostgreSQL 15
plans the body once per calling query whatever the setting (5.0 against 5.8 ms, within noise).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0014_history_insert_trigger_stands_aside"),
    ]

    operations = [
        migrations.RunSQL(
            "ALTER FUNCTION sources_independent_origins(bigint[]) SET plan_cache_mode = force_generic_plan",
            "ALTER FUNCTION sources_independent_origins(bigint[]) RESET plan_cache_mode",
        ),
    ]
