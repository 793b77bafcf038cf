"""Which changes are recorded: every insert, update and delete, by database triggers."""

import pghistory


def track_history(*, exclude: list[str] | tuple[str, ...] = ()):
    """Class decorator: record every insert, update and delete of the model (django-pghistory).

    ``exclude`` names columns that are not content (generated search vectors and
    periods): a change to them alone is no change of the record.
    """
    kwargs = {"exclude": list(exclude)} if exclude else {}
    return pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), **kwargs)
