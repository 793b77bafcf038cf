"""events.csv's cells in SQL, for the API's whole-list CSV (``curation.api.csv_sql``): the same
text ``EventResource`` writes for each column, in its order. ``{t}`` is the events table."""

from curation.api.csv_sql import SqlCell, partial_date

from ..models import EventParticipant

EVENT_CELLS = (
    SqlCell("{t}.slug"),
    SqlCell("{t}.title"),
    SqlCell("{t}.summary"),
    SqlCell("{t}.type"),
    SqlCell("array_to_string({t}.domains, ';')"),
    SqlCell(partial_date("{t}.start")),
    SqlCell(partial_date('{t}."end"')),
    SqlCell("{t}.place"),
    # ParticipantsColumn: state:role, in the order they were added.
    SqlCell(
        f"(SELECT string_agg(p.state_id || ':' || p.role, ';' ORDER BY p.id)"
        f" FROM {EventParticipant._meta.db_table} p WHERE p.event_id = {{t}}.id)"
    ),
    SqlCell("{t}.status"),
)
