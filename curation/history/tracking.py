"""Which changes are recorded: every insert, update and delete, by database triggers."""

import pghistory
import pgtrigger
from django.db import models

# What the history is looked up by: its record (``pgh_obj``), the change's context and, for a
# part of a record (an event's participants), that record (``parts_by``). The other foreign
# keys copied into the history tables (who made the row, its event, its states, ...) are not
# indexed (``PGHISTORY_FOREIGN_KEY_FIELD`` in settings): nothing reads history by them, and
# each such index cost every insert, update and delete of a tracked row one more index write
# (a SIPRI import wrote 20 of them a deal).


def tracked_by() -> dict:
    """``pghistory.track``'s fields pointing at the record and the context, both indexed; the
    record's relation keeps the name pghistory gives it by default (``record.events``)."""
    return {
        "obj_field": pghistory.ObjForeignKey(db_index=True, related_name="events"),
        "context_field": pghistory.ContextForeignKey(db_index=True),
    }


#: Set (``set_config``, local to the transaction) to a table's name while one statement writes that
#: table's rows and their history rows itself (``curation.copying.staged_insert``): the table's
#: insert trigger then does not fire at all. The trigger's ``WHEN`` reads it without calling a
#: function, where ``pgtrigger.ignore`` calls one for each row only to learn it should do nothing
#: (143,678 calls, about 0.5 s, in a SIPRI import).
HISTORY_WRITTEN = "axisdb.history_written"


def insert_event(table: str) -> pghistory.InsertEvent:
    """The insert tracker of ``table``: every insert, unless its statement writes the history itself."""
    return pghistory.InsertEvent(
        condition=pgtrigger.Condition(f"current_setting('{HISTORY_WRITTEN}', true) IS DISTINCT FROM '{table}'")
    )


def track_history(*, exclude: list[str] | tuple[str, ...] = (), parts_by: str | None = None):
    """Class decorator: record every insert, update and delete of the model (django-pghistory).

    ``exclude`` names columns that are not content (generated search vectors and
    periods): a change to them alone is no change of the record. ``parts_by`` names the
    foreign key to the record this model's rows are part of (see ``part_links``), whose
    history is read by it.
    """
    kwargs = {"exclude": list(exclude)} if exclude else {}

    def track(model):
        return pghistory.track(
            insert_event(model._meta.db_table),
            pghistory.UpdateEvent(),
            pghistory.DeleteEvent(),
            **tracked_by(),
            **kwargs,
            **history_index(parts_by),
        )(model)

    return track


def history_index(field: str | None) -> dict:
    """The event model's ``meta`` with an index on ``field`` (none when ``field`` is None)."""
    return {"meta": {"indexes": [models.Index(fields=[field])]}} if field else {}
