"""``as_of``: the moment an answer is asked as of (a release number, a date, or a date and time).

The view reads it before anything else (every read of the answer depends on it) and answers inside
``curation.history.as_of.shadowed``; a bad value is a 400 naming ``as_of``.
"""

from __future__ import annotations

import datetime
import re

from django.utils import timezone
from rest_framework import exceptions

from curation.registry import registry

PARAMETER = "as_of"
VERSION_SHAPE = re.compile(r"[0-9]+(\.[0-9]+){0,2}")
DATE_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
DATE_TIME_SHAPE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?([Zz]|[+-][0-9]{2}:[0-9]{2})"
)
#: The schema's pattern: a release number, a date, or a date and time with its offset.
PATTERN = (
    r"^([0-9]+(\.[0-9]+){0,2}|[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"([Tt][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?([Zz]|[+-][0-9]{2}:[0-9]{2}))?)$"
)
HELP = (
    "The answer as it was public at a past moment, read from the recorded history: a release number "
    "(1.2: the moment its files were read, see /api/releases/), a date (2025-01-31: the end of that day, "
    "UTC) or a date and time with its offset (2025-01-31T12:00:00Z). Which records were public, their "
    "fields, participants, claims, counts and evidence are as they were then, and every other parameter "
    "applies to that state. A moment in the future, or a release that does not exist, is a 400."
)
SHAPE_PROBLEM = (
    "Give a release number (1.2), a date (2025-01-31: the end of that day, UTC) or a date and time with its "
    "offset (2025-01-31T12:00:00Z), in the digits 0-9."
)


def _refuse(message: str):
    raise exceptions.ValidationError({PARAMETER: [message]})


def moment_of(value: str) -> datetime.datetime:
    """The moment ``as_of`` names (aware, UTC); a 400 naming ``as_of`` for anything else."""
    if VERSION_SHAPE.fullmatch(value):
        moment = registry.release_moment(value)
        if moment is None:
            _refuse(f"No release is numbered {value}: /api/releases/ lists them.")
        return moment
    try:
        if DATE_SHAPE.fullmatch(value):
            day = datetime.date.fromisoformat(value)
            moment = datetime.datetime.combine(day, datetime.time.max, tzinfo=datetime.UTC)
        elif DATE_TIME_SHAPE.fullmatch(value):
            moment = datetime.datetime.fromisoformat(value.upper()).astimezone(datetime.UTC)
        else:
            _refuse(SHAPE_PROBLEM)
    except (ValueError, OverflowError) as error:
        _refuse(f"{SHAPE_PROBLEM} ({error})")
    if moment > timezone.now():
        _refuse(f"{value} is in the future: the history can only tell what was public up to now.")
    return moment


def requested_moment(query_params) -> datetime.datetime | None:
    """The moment of the request's ``as_of`` (None without one); given twice or empty is a 400."""
    values = query_params.getlist(PARAMETER)
    if not values:
        return None
    if len(values) > 1:
        _refuse("Give this parameter once.")
    if values[0] == "":
        _refuse("This parameter may not be empty.")
    return moment_of(values[0])
