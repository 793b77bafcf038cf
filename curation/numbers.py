"""Numbers as editors write them: ASCII digits, an optional sign and one decimal point.

Python's ``Decimal()`` and ``int()`` read far more than that: ``1_000`` (1000),
``١٢٣`` (Arabic-Indic digits, 123), ``1e3``, ``Infinity``. A cell or a form field
holding any of those is a typo or a paste from elsewhere, and storing the number
Python guessed would put a value in the database that nobody wrote. Every
number read from an editor (CSV cells, admin forms) goes through ``parse_decimal``.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms

NUMBER_RE = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
INTEGER_RE = re.compile(r"[+-]?[0-9]+")
NUMBER_HINT = (
    "write the number with the digits 0-9, an optional - sign and a decimal point, "
    "without thousands separators: 2500000, -1.5"
)
INTEGER_HINT = "write a whole number with the digits 0-9 and an optional - sign: 42"


def parse_decimal(text: str) -> Decimal:
    """``-1.5`` -> ``Decimal("-1.5")``; ValueError with an editor's message for anything else."""
    if not NUMBER_RE.fullmatch(text):
        raise ValueError(f"not a number: {NUMBER_HINT}")
    return Decimal(text)


def parse_integer(text: str) -> int:
    if not INTEGER_RE.fullmatch(text):
        raise ValueError(f"not a whole number: {INTEGER_HINT}")
    return int(text)


class StrictDecimalField(forms.DecimalField):
    """Django's DecimalField, refusing what ``parse_decimal`` refuses (before Decimal() guesses)."""

    def to_python(self, value):
        if isinstance(value, str) and value.strip() not in self.empty_values:
            try:
                parse_decimal(value.strip())
            except ValueError as error:
                raise forms.ValidationError(str(error).capitalize() + ".", code="invalid") from None
        return super().to_python(value)


class StrictIntegerField(forms.IntegerField):
    """Django's IntegerField, refusing what ``parse_integer`` refuses (before int() guesses)."""

    def to_python(self, value):
        if isinstance(value, str) and value.strip() not in self.empty_values:
            try:
                parse_integer(value.strip())
            except ValueError as error:
                raise forms.ValidationError(str(error).capitalize() + ".", code="invalid") from None
        return super().to_python(value)
