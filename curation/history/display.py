"""Readable values: of the raw JSON that pghistory keeps of each row version, and of model values."""

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.postgres.fields import ArrayField, DateRangeField
from django.db import models
from django.db.backends.postgresql.psycopg_any import DateRange

from curation.partial_dates import PartialDate

_RANGE = re.compile(r"^\[(\d{4}-\d{2}-\d{2}),(\d{4}-\d{2}-\d{2})\)$")
EMPTY = "—"


def field_by_column(model: type[models.Model]) -> dict[str, models.Field]:
    """The model's concrete fields keyed by column name, as row_to_json names them."""
    return {field.column: field for field in model._meta.concrete_fields}


def number_as_written(value) -> str:
    """``2500000.0000`` -> ``2,500,000``; ``2.50`` -> ``2.5``."""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    return f"{number.normalize():,f}"


class RelatedNames:
    """Names of the records that foreign keys point at, fetched once each."""

    def __init__(self):
        self._names: dict[tuple[str, str], str] = {}

    def load(self, model: type[models.Model], pks) -> None:
        """Fetch the names of ``model``'s records ``pks`` in one query (a page's worth at once)."""
        wanted = {pk for pk in pks if pk is not None and (model._meta.label, str(pk)) not in self._names}
        if not wanted:
            return
        found = model._default_manager.in_bulk(wanted)
        for pk in wanted:
            related = found.get(pk)
            self._names[(model._meta.label, str(pk))] = str(related) if related is not None else f"{pk} (deleted)"

    def __call__(self, field: models.ForeignKey, raw: Any) -> str:
        key = (field.related_model._meta.label, str(raw))
        if key not in self._names:
            related = field.related_model._default_manager.filter(pk=raw).first()
            self._names[key] = str(related) if related is not None else f"{raw} (deleted)"
        return self._names[key]


def display_value(field: models.Field, raw: Any, names: RelatedNames | None = None) -> str:
    """``raw`` (a value from pgh_data or pgh_diff, or a model attribute) as an editor reads it."""
    if raw is None or raw == "" or raw == []:
        return EMPTY
    if isinstance(field, models.ForeignKey):
        if isinstance(raw, models.Model):
            return str(raw)
        return names(field, raw) if names is not None else str(raw)
    if isinstance(raw, PartialDate):
        return raw.value
    if isinstance(field, DateRangeField) and isinstance(raw, str):
        match = _RANGE.match(raw)
        if match:
            lower, upper = (datetime.date.fromisoformat(part) for part in match.groups())
            try:
                return PartialDate.from_range(DateRange(lower, upper, "[)")).value
            except ValueError:
                return raw
        return raw
    if isinstance(field, ArrayField) and isinstance(raw, list | tuple):
        return ", ".join(display_value(field.base_field, item) for item in raw)
    if isinstance(field, models.BooleanField):
        return "yes" if raw else "no"
    if field.choices:
        labels = {str(value): label for value, label in field.flatchoices}
        return str(labels.get(str(raw), raw))
    if isinstance(field, models.DecimalField):
        return number_as_written(raw)
    return str(raw)
