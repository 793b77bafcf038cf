"""Partial dates in the API: ``{"value": "2024-03", "precision": "month", "approximate": false}``.

Out: ``PartialDateField`` renders a model's partial date with its precision and
its ``<field>_approximate`` flag, never as an invented day. In: query parameters
take ``2024``, ``2024-03`` or ``2024-03-17`` (``PartialDateParameter``), exactly
what the OpenAPI pattern below admits.
"""

import re

from django import forms
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from curation.partial_dates import PartialDate, Precision

# Years 0001-9998 (PartialDate's MIN_YEAR and MAX_YEAR), in ASCII digits only.
YEAR = r"(?:[1-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9]|999[0-8]|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
MONTH = r"(?:0[1-9]|1[0-2])"
DAY = r"(?:0[1-9]|[12][0-9]|3[01])"
VALUE_PATTERN = rf"^{YEAR}(?:-{MONTH}(?:-{DAY})?)?$"
QUERY_RE = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")

#: The schema of a partial-date query parameter: a year, a month, or a real calendar day.
PARAMETER_SCHEMA = {
    "anyOf": [
        {"type": "string", "pattern": f"^{YEAR}$"},
        {"type": "string", "pattern": f"^{YEAR}-{MONTH}$"},
        # A real calendar day (format) in the years above (pattern).
        {"type": "string", "format": "date", "pattern": f"^{YEAR}-{MONTH}-{DAY}$"},
    ],
    # No "example": Swagger UI's "Try it out" would pre-fill it and quietly filter; the descriptions give examples.
}


class PartialDateSerializer(serializers.Serializer):
    """Schema of a partial date in responses (the values come from ``PartialDateField``)."""

    value = serializers.RegexField(
        VALUE_PATTERN, help_text="The date at its precision: YYYY, YYYY-MM or YYYY-MM-DD; never an invented day."
    )
    precision = serializers.ChoiceField(choices=Precision.choices)
    approximate = serializers.BooleanField(help_text="True when the sources give the date only roughly.")

    class Meta:
        ref_name = "PartialDate"


@extend_schema_field(PartialDateSerializer)
class PartialDateField(serializers.Field):
    """A model's partial date ``field`` together with its ``<field>_approximate`` flag."""

    def __init__(self, field: str, **kwargs):
        self.date_field = field
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def to_representation(self, record):
        value = getattr(record, self.date_field)
        if value is None:
            return None
        return {
            "value": value.value,
            "precision": str(value.precision),
            "approximate": bool(getattr(record, f"{self.date_field}_approximate", False)),
        }


def parse_parameter(text: str) -> PartialDate:
    """A query parameter's partial date; ValueError with a reader's message otherwise."""
    if not QUERY_RE.fullmatch(text):
        raise ValueError(f"{text!r} is not a partial date: use YYYY, YYYY-MM or YYYY-MM-DD.")
    try:
        return PartialDate.parse(text)
    except ValueError as error:
        raise ValueError(f"{text!r} is not a date: {error}.") from None


class PartialDateFormField(forms.Field):
    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_parameter(value)
        except ValueError as error:
            # The message quotes the client's text: pass it as a parameter, never as a format.
            raise forms.ValidationError("%(error)s", code="invalid_partial_date", params={"error": error}) from None
