"""Strict query parameters: one declaration gives validation and OpenAPI.

A list's parameters are declared in a ``FilterSet`` (django-filter's forms do the
parsing). Every parameter describes itself (``openapi_schema``), so that the
schema admits exactly what the API accepts: a schema-driven client never meets
a 400 for a value the schema allows, and every value it forbids is a 400 whose
JSON names the parameter. A parameter given twice, or given empty, is a 400 too.

A parameter that the list does not declare is a 400 too, naming it and listing
the ones it takes (its filters and ``LIST_PARAMETERS``): a misspelt ``particpant``
must not silently return the whole list.

The parameters do not filter anything themselves: the view hands their cleaned
values to the app's selector (``events.selectors.event_list_public(filters=...)``),
which owns what a reader may see and applies every filter, for JSON and CSV alike.
"""

import django_filters
import pycountry
from django import forms
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db.models import F, Q
from django_filters import utils
from django_filters.constants import EMPTY_VALUES
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions

from curation.models import overlapping
from curation.registry import registry

from .as_of import HELP as AS_OF_HELP
from .as_of import PATTERN as AS_OF_PATTERN
from .partial_dates import PARAMETER_SCHEMA as PARTIAL_DATE_SCHEMA
from .partial_dates import PartialDateFormField
from .time_filters import UPDATED_SINCE_HELP, DateTimeField

# Former states keep their ISO 3166-3 codes (SUN for the Soviet Union).
ISO3_CODES = frozenset(country.alpha_3 for country in pycountry.countries) | frozenset(
    country.alpha_3 for country in pycountry.historic_countries if getattr(country, "alpha_3", None)
)
STATE_CODE_SCHEMA_NAME = "StateCode"
STATE_CODE_SCHEMA = {
    "type": "string",
    "enum": sorted(ISO3_CODES),
    "description": "ISO 3166-1 alpha-3 country code, e.g. PRK (a former state: its ISO 3166-3 code, e.g. SUN).",
}
SLUG_REGEX = "[-a-zA-Z0-9_]+"  # a record's key, as URL routes match it
SLUG_PATTERN = f"^{SLUG_REGEX}$"
NO_NUL_PATTERN = "^[^\\u0000]*$"
MAX_TEXT_LENGTH = 300
#: What every list takes besides its filters: the pages (``pagination``) and the format (``negotiation``).
LIST_PARAMETERS = ("cursor", "page_size", "format")
#: What a detail takes: the format, and the moment it is asked as of (``curation.history.as_of``).
DETAIL_PARAMETERS = ("format", "as_of")


def check_known_parameters(query_params, accepted) -> None:
    """A 400 naming each query parameter not in ``accepted``, and listing those that are."""
    accepted = list(accepted)
    unknown = [name for name in query_params if name not in accepted]
    if unknown:
        takes = ", ".join(accepted) if accepted else "no query parameters"
        raise exceptions.ValidationError(
            {name: [f"Unknown parameter. This resource takes: {takes}."] for name in unknown}
        )


class ParameterMixin:
    """A django-filter filter that parses one query parameter and knows its OpenAPI description."""

    style = None
    explode = None

    def __init__(self, *args, description: str = "", **kwargs):
        self.description = description
        super().__init__(*args, **kwargs)

    def openapi_schema(self, state_code_ref: dict) -> dict:
        raise NotImplementedError

    def openapi_parameter(self, name: str, state_code_ref: dict) -> dict:
        parameter = {
            "name": name,
            "in": "query",
            "required": False,
            "description": self.description,
            "schema": self.openapi_schema(state_code_ref),
        }
        if self.style:
            parameter["style"] = self.style
            parameter["explode"] = self.explode
        return parameter

    def filter(self, queryset, value):
        return queryset  # the selector applies the value (see the module docstring)


# --- Form fields: strict parsing of one query parameter ---------------------


class StrictBooleanField(forms.Field):
    def to_python(self, value):
        if value in self.empty_values:
            return None
        if value == "true":
            return True
        if value == "false":
            return False
        raise forms.ValidationError("Use true or false.", code="invalid")


class StateCodesField(forms.Field):
    """Comma-separated ISO3 codes: ``RUS,PRK``."""

    def __init__(self, *, many: bool = True, exactly: int | None = None, **kwargs):
        self.many = many
        self.exactly = exactly
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return [] if self.many else None
        codes = value.split(",") if self.many else [value]
        for code in codes:
            if code not in ISO3_CODES:
                raise forms.ValidationError(
                    "%(code)r is not an ISO 3166-1 alpha-3 country code (three capital letters, e.g. PRK), "
                    "nor a former one in ISO 3166-3 (SUN).",
                    code="invalid_iso3",
                    params={"code": code},
                )
        if self.exactly is not None:
            if len(codes) != self.exactly:
                raise forms.ValidationError(f"Give exactly {self.exactly} codes separated by a comma.", code="count")
            if len(set(codes)) != len(codes):
                raise forms.ValidationError("Give different states.", code="duplicate")
        return codes if self.many else codes[0]


class TextField(forms.CharField):
    """Free text without NUL characters (PostgreSQL cannot hold them), trimmed of ``blank`` characters (Python's
    whitespace unless given), and at most ``max_length`` characters as sent, before trimming."""

    def __init__(self, *, blank: str | None = None, **kwargs):
        kwargs.setdefault("max_length", MAX_TEXT_LENGTH)
        kwargs.setdefault("strip", True)
        self.blank = blank
        super().__init__(**kwargs)

    def to_python(self, value):
        if self.blank is not None and isinstance(value, str):
            value = value.strip(self.blank)
        return super().to_python(value)

    def clean(self, value):
        # The schema's maxLength counts the value as sent; Django's max_length counts it once trimmed, which
        # accepted a word and 300 trailing blanks past the limit the schema states (found by schemathesis).
        if isinstance(value, str) and self.max_length is not None:
            MaxLengthValidator(self.max_length)(value)
        return super().clean(value)


# --- Filters ---------------------------------------------------------------


class TextFilter(ParameterMixin, django_filters.CharFilter):
    field_class = TextField

    def openapi_schema(self, state_code_ref):
        return {"type": "string", "minLength": 1, "maxLength": MAX_TEXT_LENGTH, "pattern": NO_NUL_PATTERN}


class SearchFilter(TextFilter):
    """``q``: PostgreSQL full-text search in web search syntax (``"naval exercise" -drill``, ``OR``)."""


class SlugFilter(ParameterMixin, django_filters.CharFilter):
    """A record's key (slug)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [RegexValidator(SLUG_PATTERN, "Not a key: use letters, digits and hyphens.")])
        kwargs.setdefault("max_length", 120)
        kwargs.setdefault("strip", False)
        super().__init__(*args, **kwargs)

    def openapi_schema(self, state_code_ref):
        return {"type": "string", "pattern": SLUG_PATTERN, "maxLength": 120}


class ChoiceFilter(ParameterMixin, django_filters.TypedChoiceFilter):
    """One value of a controlled vocabulary."""

    def __init__(self, *args, choices, **kwargs):
        self.values = [value for value, _ in choices]
        kwargs.setdefault("coerce", type(self.values[0]))
        super().__init__(*args, choices=choices, **kwargs)

    def openapi_schema(self, state_code_ref):
        kind = "integer" if isinstance(self.values[0], int) else "string"
        return {"type": kind, "enum": list(self.values)}


class BooleanFilter(ParameterMixin, django_filters.Filter):
    field_class = StrictBooleanField

    def openapi_schema(self, state_code_ref):
        return {"type": "boolean"}


class StateFilter(ParameterMixin, django_filters.Filter):
    """One state by ISO3 code."""

    field_class = StateCodesField

    def __init__(self, *args, **kwargs):
        kwargs["many"] = False
        super().__init__(*args, **kwargs)

    def openapi_schema(self, state_code_ref):
        return dict(state_code_ref)


class StatesFilter(ParameterMixin, django_filters.Filter):
    """Several states: ISO3 codes separated by commas (``RUS,PRK``)."""

    field_class = StateCodesField
    style = "form"
    explode = False

    def __init__(self, *args, exactly: int | None = None, **kwargs):
        kwargs["exactly"] = exactly
        super().__init__(*args, **kwargs)

    def openapi_schema(self, state_code_ref):
        exactly = self.extra.get("exactly")
        schema = {"type": "array", "items": dict(state_code_ref), "minItems": exactly or 1}
        if exactly:
            schema.update(maxItems=exactly, uniqueItems=True)
        return schema


class PartialDateFilter(ParameterMixin, django_filters.Filter):
    """A partial date: ``2024``, ``2024-03`` or ``2024-03-17``."""

    field_class = PartialDateFormField

    def openapi_schema(self, state_code_ref):
        return dict(PARTIAL_DATE_SCHEMA)


class AsOfFilter(ParameterMixin, django_filters.CharFilter):
    """``as_of``: declared here for the schema and the list of accepted parameters; the view reads it
    before anything else (``curation.history.as_of``), since every read of the answer depends on it."""

    field_class = TextField

    def openapi_schema(self, state_code_ref):
        return as_of_schema()


def as_of_schema() -> dict:
    return {"type": "string", "pattern": AS_OF_PATTERN}


class DateTimeFilter(ParameterMixin, django_filters.Filter):
    field_class = DateTimeField

    def openapi_schema(self, state_code_ref):
        return {"type": "string", "format": "date-time"}


class OrderingField(forms.Field):
    """``-start,key``: names from ``choices``, separated by commas, each optionally prefixed with ``-``."""

    def __init__(self, *, names: dict[str, str], **kwargs):
        self.names = names
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return []
        ordering = []
        for item in value.split(","):
            descending = item.startswith("-")
            name = item[1:] if descending else item
            if name not in self.names:
                raise forms.ValidationError(
                    "%(item)r is not a sort field: use %(choices)s, each optionally prefixed with -.",
                    code="invalid_choice",
                    params={"item": item, "choices": ", ".join(self.names)},
                )
            ordering.append(("-" if descending else "") + self.names[name])
        return ordering


class OrderingFilter(ParameterMixin, django_filters.Filter):
    """``ordering=-start,key``: fields separated by commas, ``-`` for descending; unknown values last.

    ``fields`` maps each public name to its model field: ``{"key": "slug"}``; the
    cleaned value is the model fields' ordering (``["-start", "slug"]``), which
    ``ordered`` applies.
    """

    field_class = OrderingField
    style = "form"
    explode = False

    def __init__(self, *args, fields: dict[str, str], contributed_to=None, **kwargs):
        """``contributed_to``: a model whose sort orders other apps contribute (``registry.contribute_sort``)."""
        self.contributed_to = contributed_to
        kwargs["names"] = dict(fields)
        super().__init__(*args, **kwargs)

    def names(self) -> dict[str, str]:
        names = dict(self.extra["names"])
        if self.contributed_to is not None:
            names.update({name: name for name in registry.sorts(self.contributed_to)})
        return names

    @property
    def field(self):
        self.extra["names"] = self.names()  # the contributions are known once every app is ready
        return super().field

    def openapi_schema(self, state_code_ref):
        values = [value for name in self.names() for value in (name, f"-{name}")]
        return {"type": "array", "items": {"type": "string", "enum": values}, "minItems": 1}


def ordered(queryset, ordering: list[str] | None, default: list):
    """``queryset`` in the ``ordering`` asked for (``["-start", "slug"]``), else ``default``.

    Unknown (NULL) values sort last, in either direction.
    """
    if not ordering:
        return queryset.order_by(*default)

    def key(item: str):
        name = item.lstrip("-")
        if name in queryset.query.annotations or not queryset.model._meta.get_field(name).null:
            return item
        return F(name).desc(nulls_last=True) if item.startswith("-") else F(name).asc(nulls_last=True)

    return queryset.order_by(*[key(item) for item in ordering])


def matching(queryset, filters, lookups: dict[str, str]):
    """``queryset`` filtered by each parameter of ``lookups`` that was given: ``{parameter: lookup}``.

    For the plain column filters of a selector: ``matching(events, filters, {"type": "type"})``.
    """
    for parameter, lookup in lookups.items():
        if parameter in filters:
            queryset = queryset.filter(**{lookup: filters[parameter]})
    return queryset


UNDATED_CHOICES = [("include", "include"), ("exclude", "exclude"), ("only", "only")]
UNDATED_HELP = (
    "What to do with {} that have no date: exclude (the default: a date window from/to never matches "
    "them, and without from/to they are listed as usual), include (listed as well as those in the window), "
    "only (just the undated ones; from/to then do not apply). Explicit exclude drops them from any list."
)


def within_dates(queryset, filters, field: str):
    """``queryset`` limited by the ``from``/``to`` window and ``undated`` to the daterange ``field``."""
    undated = filters.get("undated")
    if undated == "only":
        return queryset.filter(**{f"{field}__isnull": True})
    window = date_window(filters)
    if window is None:
        return queryset.filter(**{f"{field}__isnull": False}) if undated == "exclude" else queryset
    matches = overlapping(field, *window)
    if undated == "include":
        matches |= Q(**{f"{field}__isnull": True})
    return queryset.filter(matches)


def date_window(filters) -> tuple | None:
    """``(lower, upper)``: the days of the ``from``/``to`` window (either may be None: open); None without one.

    ``from`` starts at the first day of its partial date, ``to`` ends at the last
    day of its own (``to=2024`` is up to 31 December 2024).
    """
    start, end = filters.get("from"), filters.get("to")
    if not start and not end:
        return None
    return (start.lower if start else None, end.upper if end else None)


# --- Filter sets and the backend -------------------------------------------


class FilterSet(django_filters.FilterSet):
    """A list's parameters. Strict: a parameter given twice or empty is an error.

    ``date_window = True`` adds ``from`` and ``to``: a window of partial dates that
    the selector applies (``date_window(filters)``) to ``date_window_subject``.
    """

    date_window = False
    date_window_subject = "records"

    @classmethod
    def get_filters(cls):

        filters = super().get_filters()
        if cls.date_window:
            subject = cls.date_window_subject
            filters["from"] = PartialDateFilter(
                description=f"Only {subject} that overlap the window from the start of this partial date "
                "(2024, 2024-03 or 2024-03-17), honouring each record's precision: an event in "
                "March 2024 matches from=2024-03-15.",
            )
            filters["to"] = PartialDateFilter(
                description=f"Only {subject} that overlap the window up to the end of this partial date "
                "(to=2024 means up to 31 December 2024).",
            )
            filters["undated"] = ChoiceFilter(choices=UNDATED_CHOICES, description=UNDATED_HELP.format(subject))
        filters["updated_since"] = DateTimeFilter(description=UPDATED_SINCE_HELP)
        filters["as_of"] = AsOfFilter(description=AS_OF_HELP)
        return filters

    def is_valid(self):
        valid = super().is_valid()
        for name in self.filters:
            values = self.data.getlist(name)
            if len(values) > 1:
                self.form.add_error(name, "Give this parameter once.")
            elif values and values[0] == "":
                self.form.add_error(name, "This parameter may not be empty.")
        return valid and not self.form.errors

    @classmethod
    def accepted_parameters(cls) -> list[str]:
        return [*cls.base_filters, *(name for name in LIST_PARAMETERS if name not in cls.base_filters)]

    @classmethod
    def parameters_in(cls, data, **kwargs) -> dict:
        """``cleaned()`` of a filter set made from ``data`` (``kwargs`` as for the constructor), without making
        one when no filter is given: building and validating its form (every filter's field deep-copied, its
        choices listed) was a fifth of the time of an unfiltered first page at 300,000 events (2026-12-01)."""
        if not any(name in cls.base_filters for name in data):
            check_known_parameters(data, cls.accepted_parameters())
            return {}
        return cls(data=data, **kwargs).cleaned()

    def cleaned(self) -> dict:
        """The parameters given, cleaned (absent ones left out); a 400 naming each bad or unknown one."""
        check_known_parameters(self.data, self.accepted_parameters())
        if not self.is_valid():
            raise utils.translate_validation(self.errors)
        return {name: value for name, value in self.form.cleaned_data.items() if value not in EMPTY_VALUES}


class FilterBackend(DjangoFilterBackend):
    """Declares a list's parameters (its ``filterset_class``) in the OpenAPI schema.

    It filters nothing: the view validates the parameters and its selector applies them.
    """

    def filter_queryset(self, request, queryset, view):
        return queryset
