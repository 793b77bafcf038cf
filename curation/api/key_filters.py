"""Parameters that take several record keys at once: ``event=a,b``."""

import django_filters
from django import forms
from django.core.validators import RegexValidator

from .filters import SLUG_PATTERN, ParameterMixin

MAX_KEYS = 50
_slug = RegexValidator(SLUG_PATTERN, "%(value)r is not a key: use letters, digits and hyphens.")


class KeysField(forms.Field):
    """Keys separated by commas, at most ``MAX_KEYS``."""

    def to_python(self, value):
        if value in self.empty_values:
            return []
        keys = value.split(",")
        if len(keys) > MAX_KEYS:
            raise forms.ValidationError(f"At most {MAX_KEYS} keys.", code="too_many")
        for key in keys:
            if len(key) > 120:
                raise forms.ValidationError("%(key)r is longer than a key (120 characters).", params={"key": key})
            _slug(key)
        return list(dict.fromkeys(keys))

    def run_validators(self, value):
        return  # each key was checked in to_python


class KeysFilter(ParameterMixin, django_filters.Filter):
    """One or more keys separated by commas (``a,b``): records matching any of them."""

    field_class = KeysField
    style = "form"
    explode = False

    def openapi_schema(self, state_code_ref):
        key = {"type": "string", "pattern": SLUG_PATTERN, "maxLength": 120}
        return {"type": "array", "items": key, "minItems": 1, "maxItems": MAX_KEYS}
