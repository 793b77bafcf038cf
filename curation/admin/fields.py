"""Form fields of the curated admin: what editors type, read the way they write it.

- a list of choices (an event's domains): checkboxes of the labels;
- a list of free text (authors, aliases): one text box, entries separated by
  ``;``, the separator of the CSV files (one rule everywhere, said in the help);
- a number (a claim's quantity): shown as written, ``2,500,000``, and accepted so;
- a partial date: a neutral placeholder that cannot be mistaken for data.

``formfield_for`` picks the field for a model field (``CuratedAdmin.formfield_for_dbfield``).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models

from curation.csvio.widgets import LIST_SEPARATOR, split_list
from curation.history.display import number_as_written
from curation.partial_dates import PartialDateField

LIST_RULE = (
    f"Separate entries with a semicolon ({LIST_SEPARATOR}), as in the CSV files: Jane Doe{LIST_SEPARATOR} John Roe."
)
NUMBER_RULE = "Digits, with commas between thousands if you like and a point before decimals: 2,500,000 or 2.5."
DATE_PLACEHOLDER = "YYYY, YYYY-MM or YYYY-MM-DD"
# ASCII digits only: Python's \d would also take Arabic-Indic and other digits.
NUMBER = re.compile(r"-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?", re.ASCII)


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


class QuantityField(forms.DecimalField):
    """A number shown and typed as people write it: ``2,500,000``, ``2.5``."""

    def __init__(self, **kwargs):
        kwargs["help_text"] = _with_rule(kwargs.get("help_text", ""), NUMBER_RULE)
        kwargs["widget"] = forms.TextInput(attrs={"size": 14, "inputmode": "decimal"})
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal | int | float):
            return number_as_written(value)
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if not NUMBER.fullmatch(text):
            raise ValidationError(
                f"“{text}” is not a number. {NUMBER_RULE} A comma is only a thousands separator.",
                code="invalid",
            )
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation:
            raise ValidationError(f"“{text}” is not a number. {NUMBER_RULE}", code="invalid") from None

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != (Decimal(initial) if initial is not None else None)
        except ValidationError:
            return True


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
