"""Form fields of the curated admin: what editors type, read the way they write it.

- a list of choices (an event's domains): checkboxes of the labels;
- a list of free text (authors, aliases): one text box, entries separated by
  ``;``, the separator of the CSV files (one rule everywhere, said in the help);
- a number (a claim's quantity): shown as typed, ``2500000`` (never ``2500000.0000``),
  in the digits 0-9 only (``curation.numbers``); the record's page shows it grouped;
- a partial date: a neutral placeholder that cannot be mistaken for data.

``formfield_for`` picks the field for a model field (``CuratedAdmin.formfield_for_dbfield``).
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models

from curation.csvio.widgets import LIST_SEPARATOR, split_list
from curation.numbers import StrictDecimalField
from curation.partial_dates import PartialDateField

LIST_RULE = (
    f"Separate entries with a semicolon ({LIST_SEPARATOR}), as in the CSV files: Jane Doe{LIST_SEPARATOR} John Roe."
)
NUMBER_RULE = "Digits 0-9, an optional - sign and a decimal point, no thousands separators: 2500000 or 2.5."
DATE_PLACEHOLDER = "YYYY, YYYY-MM or YYYY-MM-DD"


def _with_rule(help_text: str, rule: str) -> str:
    help_text = str(help_text or "").strip()
    return f"{help_text} {rule}".strip() if rule not in help_text else help_text


class ChoiceCheckboxesField(forms.TypedMultipleChoiceField):
    """Several codes of a vocabulary, ticked by their labels."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple(attrs={"class": "checkbox-row"}))
        super().__init__(**kwargs)


class SeparatedListField(forms.CharField):
    """A list of free-text entries typed in one box, separated by ``;`` (``LIST_SEPARATOR``)."""

    def __init__(self, *, item_max_length: int | None = None, **kwargs):
        self.item_max_length = item_max_length
        kwargs.pop("max_length", None)
        kwargs["help_text"] = _with_rule(kwargs.get("help_text", ""), LIST_RULE)
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "vLargeTextField"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return f"{LIST_SEPARATOR} ".join(str(item) for item in value)
        return value

    def to_python(self, value):
        if isinstance(value, list | tuple):
            return list(value)
        return split_list(super().to_python(value) or "")

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        if self.item_max_length:
            long = [item for item in value if len(item) > self.item_max_length]
            if long:
                raise ValidationError(
                    f"“{long[0][:40]}…” is longer than {self.item_max_length} characters. " + LIST_RULE,
                    code="max_length",
                )

    def run_validators(self, value):
        for item in value:
            super().run_validators(item)

    def has_changed(self, initial, data):
        return list(initial or []) != self.to_python(data)


class QuantityField(StrictDecimalField):
    """A number in a text box, shown as typed: ``2500000``, ``2.5`` (never ``2500000.0000``).

    What it accepts is ``curation.numbers``' rule, the CSV files' too: the digits 0-9, an
    optional sign and a decimal point, no thousands separators (``2,500`` could be 2.5
    or 2500). The record's page shows the number grouped as people read it
    (``2,500,000 rounds``) beside the boxes.
    """

    def __init__(self, **kwargs):
        kwargs["help_text"] = _with_rule(kwargs.get("help_text", ""), NUMBER_RULE)
        kwargs["widget"] = forms.TextInput(attrs={"size": 14, "inputmode": "decimal"})
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal | int | float):
            return plain_number(value)
        return value

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != (Decimal(initial) if initial is not None else None)
        except ValidationError:
            return True


def plain_number(value) -> str:
    """``Decimal("2500000.0000")`` -> ``2500000``; ``2.50`` -> ``2.5``: no padding, no exponent."""
    return format(Decimal(str(value)).normalize(), "f")


def formfield_for(db_field: models.Field, **kwargs) -> forms.Field | None:
    """The curated admin's form field for ``db_field``, or None for Django's default."""
    defaults = {
        "required": not db_field.blank,
        "label": db_field.verbose_name[:1].upper() + db_field.verbose_name[1:],
        "help_text": db_field.help_text,
    }
    if isinstance(db_field, ArrayField):
        base = db_field.base_field
        if base.choices:
            return ChoiceCheckboxesField(choices=base.choices, coerce=base.to_python, **defaults, **kwargs)
        if isinstance(base, models.CharField | models.TextField):
            return SeparatedListField(item_max_length=base.max_length, **defaults, **kwargs)
    if isinstance(db_field, models.DecimalField):
        return QuantityField(
            max_digits=db_field.max_digits, decimal_places=db_field.decimal_places, **defaults, **kwargs
        )
    if isinstance(db_field, PartialDateField):
        field = db_field.formfield(**kwargs)
        field.widget.attrs.update({"placeholder": DATE_PLACEHOLDER, "size": len(DATE_PLACEHOLDER)})
        return field
    return None
