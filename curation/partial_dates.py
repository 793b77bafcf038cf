"""Partial dates: a year, a month or a day, stored as the period they cover.

Sources say "March 2024" or "2018 to 2022", not "1 March 2024". A partial date
is therefore stored as a PostgreSQL ``daterange`` covering exactly the day, the
calendar month or the calendar year it names, so that "2024-03" sorts and
filters as the whole of March (range overlap, GiST-indexable) and never as the
first of the month. The precision is read back from the range's length; a check
constraint (``partial_date_check``) keeps any other range out of the column.

Text form (CSV, API, admin): ``2024``, ``2024-03``, ``2024-03-17``, with a
trailing ``~`` when approximate. Whether a date is approximate is stored in a
boolean column beside it (``<field>_approximate``).

Only ASCII digits are read: ``int()`` would take ``٢٠٢٤`` (Arabic-Indic digits)
for 2024, which an editor never meant to type and no export would write back.
Years run from ``MIN_YEAR`` to ``MAX_YEAR``: the range of a date in 9999 would end
on 10000-01-01, past the last day Python can hold.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from django import forms
from django.contrib.postgres.fields import DateRangeField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.backends.postgresql.psycopg_any import DateRange

PARTIAL_DATE_RE = re.compile(r"(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?(?P<approx>~)?")
MIN_YEAR = 1
MAX_YEAR = 9998
YEAR_RANGE = f"from {MIN_YEAR:04d} to {MAX_YEAR:04d}"
FORMAT_HINT = "use YYYY, YYYY-MM or YYYY-MM-DD in the digits 0-9"


class Precision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False

    def __post_init__(self):
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise ValueError(f"year {self.year:04d} is out of range: use a year {YEAR_RANGE}")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} does not exist")
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise ValueError(f"{self.year:04d}-{self.month:02d} has no day {self.day}")

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``2024``, ``2024-03`` or ``2024-03-17`` (optionally ending in ``~``)."""
        match = PARTIAL_DATE_RE.fullmatch(text.strip()) if isinstance(text, str) else None
        if not match:
            raise ValueError(f"{text!r} is not a partial date: {FORMAT_HINT}, optionally followed by ~")
        month = match["month"]
        day = match["day"]
        return cls(
            year=int(match["year"]),
            month=int(month) if month else None,
            day=int(day) if day else None,
            approximate=bool(match["approx"]),
        )

    @classmethod
    def from_range(cls, value: DateRange, approximate: bool = False) -> PartialDate:
        lower, upper = value.lower, value.upper
        if upper - lower == datetime.timedelta(days=1):
            return cls(lower.year, lower.month, lower.day, approximate)
        if lower.day == 1 and lower.month == 1 and upper == lower.replace(year=lower.year + 1):
            return cls(lower.year, None, None, approximate)
        return cls(lower.year, lower.month, None, approximate)

    @property
    def precision(self) -> str:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def lower(self) -> datetime.date:
        """First day of the period."""
        return datetime.date(self.year, self.month or 1, self.day or 1)

    @property
    def upper(self) -> datetime.date:
        """Last day of the period (inclusive)."""
        if self.day is not None:
            return self.lower
        if self.month is not None:
            return datetime.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return datetime.date(self.year, 12, 31)

    def as_range(self) -> DateRange:
        return DateRange(self.lower, self.upper + datetime.timedelta(days=1), "[)")

    def with_approximate(self, approximate: bool) -> PartialDate:
        return PartialDate(self.year, self.month, self.day, approximate)

    @property
    def value(self) -> str:
        """ISO-style partial value without the approximate marker: ``2024-03``."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def __str__(self) -> str:
        return self.value + ("~" if self.approximate else "")

    def display(self) -> str:
        """Human form at its precision: ``17 Mar 2024``, ``Mar 2024``, ``2024``, ``c. 2024``."""
        if self.day is not None:
            text = f"{self.day} {calendar.month_abbr[self.month]} {self.year}"
        elif self.month is not None:
            text = f"{calendar.month_abbr[self.month]} {self.year}"
        else:
            text = str(self.year)
        return f"c. {text}" if self.approximate else text

    def sort_key(self) -> tuple[datetime.date, datetime.date]:
        return (self.lower, self.upper)


def parse_partial_date(text: str) -> PartialDate:
    """Parse for forms and importers: raise ValidationError with a clear message."""
    try:
        return PartialDate.parse(text)
    except ValueError as error:
        raise ValidationError(str(error), code="invalid_partial_date") from None


def display_partial(value: PartialDate | None, approximate: bool = False) -> str:
    if value is None:
        return ""
    return value.with_approximate(approximate).display()


class PartialDateFormField(forms.CharField):
    """A text box taking ``2024``, ``2024-03`` or ``2024-03-17``."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "YYYY, YYYY-MM or YYYY-MM-DD.")
        for unused in ("max_length", "empty_value", "encoder", "decoder"):
            kwargs.pop(unused, None)
        kwargs.setdefault("widget", forms.TextInput(attrs={"size": 11, "placeholder": "2024-03"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, PartialDate):
            return value.value
        if isinstance(value, DateRange) and not value.isempty:
            return PartialDate.from_range(value).value
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        partial = parse_partial_date(value)
        if partial.approximate:
            raise ValidationError(
                "Mark an approximate date with the checkbox, not with ~.", code="invalid_partial_date"
            )
        return partial

    def has_changed(self, initial, data):
        initial_text = self.prepare_value(initial) or ""
        return str(initial_text) != (data or "").strip()


class PartialDateField(DateRangeField):
    """A day, month or year stored as the ``daterange`` it covers.

    The Python value is a :class:`PartialDate` (its ``approximate`` flag lives in
    a separate boolean field on the model).
    """

    description = "A partial date (year, month or day)"

    def from_db_value(self, value, expression, connection):
        if value is None or value.isempty:
            return None
        return PartialDate.from_range(value)

    def to_python(self, value):
        if value is None or isinstance(value, PartialDate):
            return value
        if isinstance(value, DateRange):
            return None if value.isempty else PartialDate.from_range(value)
        if isinstance(value, str):
            if not value.strip():
                return None
            return parse_partial_date(value)
        raise ValidationError(f"{value!r} is not a partial date.", code="invalid_partial_date")

    def get_prep_value(self, value):
        if isinstance(value, str):
            value = self.to_python(value)
        if isinstance(value, PartialDate):
            return value.as_range()
        return super().get_prep_value(value)

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return "" if value is None else value.value

    def formfield(self, **kwargs):
        return models.Field.formfield(self, **{"form_class": PartialDateFormField, **kwargs})


def partial_date_check(field_name: str) -> models.Q:
    """A condition that holds when the column is NULL or exactly one day, month or year."""
    return models.Q(**{f"{field_name}__isnull": True}) | models.Q(
        IsPartialDateRange(models.F(field_name)),
    )


class IsPartialDateRange(models.Func):
    template = (
        "(NOT isempty(%(expressions)s) AND NOT lower_inf(%(expressions)s)"
        " AND NOT upper_inf(%(expressions)s) AND lower_inc(%(expressions)s) AND NOT upper_inc(%(expressions)s) AND ("
        "upper(%(expressions)s) - lower(%(expressions)s) = 1"
        " OR (date_part('day', lower(%(expressions)s)) = 1"
        " AND upper(%(expressions)s) = (lower(%(expressions)s) + interval '1 month')::date)"
        " OR (date_part('day', lower(%(expressions)s)) = 1 AND date_part('month', lower(%(expressions)s)) = 1"
        " AND upper(%(expressions)s) = (lower(%(expressions)s) + interval '1 year')::date)))"
    )
    output_field = models.BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        # The template names the range many times. In DDL it is a column (no
        # parameters); when Django validates the constraint in Python (full_clean)
        # it is a parameter, which must then be passed once per occurrence.
        sql, params = super().as_sql(compiler, connection, **extra_context)
        return sql, tuple(params) * self.template.count("%(expressions)s")
