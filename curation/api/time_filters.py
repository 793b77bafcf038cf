"""``updated_since``: a moment, as an RFC 3339 date-time with its offset (``2025-01-01T00:00:00Z``)."""

import datetime
import re

from django import forms

# What fromisoformat reads, limited to the digits 0-9: a date, "T", a time, an offset.
DATE_TIME_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9:.]+([Zz]|[+-][0-9:.]+)")
UPDATED_SINCE_HELP = (
    "Only records whose public representation changed after this moment (an RFC 3339 date-time with its "
    "offset, e.g. 2025-01-01T00:00:00Z): edited, or newly published. Records withdrawn since (unpublished, "
    "retracted or deleted) are listed by /api/changes/."
)


class DateTimeField(forms.Field):
    def to_python(self, value):
        if value in self.empty_values:
            return None
        problem = "Give a date and time with its offset, in the digits 0-9: 2025-01-01T00:00:00Z."
        if not DATE_TIME_SHAPE.fullmatch(value):
            raise forms.ValidationError(problem, code="invalid")
        try:
            moment = datetime.datetime.fromisoformat(value.upper())
        except ValueError as error:
            raise forms.ValidationError(f"{problem} ({error})", code="invalid") from None
        if moment.tzinfo is None:
            raise forms.ValidationError(problem, code="invalid")
        # In UTC: PostgreSQL takes offsets up to 15:59 only; a moment beyond Python's range is its first or last.
        try:
            return moment.astimezone(datetime.UTC)
        except OverflowError:
            edge = datetime.datetime.min if moment.year < 5000 else datetime.datetime.max
            return edge.replace(tzinfo=datetime.UTC)
