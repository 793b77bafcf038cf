"""Admin sidebar filters shared by the events and sources admins."""

from django.contrib import admin

from curation.models import overlapping
from curation.partial_dates import PartialDate

from .list_parameters import BadListParameter


class PartialDateRangeFilter(admin.ListFilter):
    """Two text boxes, from and to, each a partial date (2024, 2024-03, 2024-03-17).

    A record matches when its period overlaps the window, at the precision of
    both: "2024-03" as a record date matches a window of 15-20 March.
    Subclasses set ``field`` (a daterange column) and ``parameter``.
    """

    title = "date range"
    template = "admin/partial_date_range_filter.html"
    field = "period"
    parameter = "date"

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        for suffix in ("from", "to"):
            name = f"{self.parameter}_{suffix}"
            if name in params:
                value = params.pop(name)
                value = value[-1] if isinstance(value, list) else value
                if value.strip():
                    self.used_parameters[name] = value.strip()

    def has_output(self):
        return True

    def expected_parameters(self):
        return [f"{self.parameter}_from", f"{self.parameter}_to"]

    def window(self):
        """``(first day, last day)`` of the window; either may be None (open).

        A date that cannot be read, or a window that ends before it begins, is a
        BadListParameter saying what was wrong: the list is then shown without it.
        """
        bounds = {}
        for suffix, end in (("from", "lower"), ("to", "upper")):
            name = f"{self.parameter}_{suffix}"
            text = self.used_parameters.get(name)
            if text is None:
                bounds[suffix] = None
                continue
            try:
                bounds[suffix] = getattr(PartialDate.parse(text), end)
            except ValueError:
                raise BadListParameter(
                    f"“{text}” in “{self.title} {suffix}” is not a date: write YYYY, YYYY-MM or YYYY-MM-DD "
                    "(March 2024 is 2024-03).",
                    parameters=[name],
                ) from None
        lower, upper = bounds["from"], bounds["to"]
        if lower is not None and upper is not None and upper < lower:
            raise BadListParameter(
                f"The {self.title} ends before it begins (from {self.used_parameters[self.parameter + '_from']} "
                f"to {self.used_parameters[self.parameter + '_to']}).",
                parameters=self.expected_parameters(),
            )
        return lower, upper

    def queryset(self, request, queryset):
        lower, upper = self.window()
        if lower is None and upper is None:
            return queryset
        return queryset.filter(overlapping(self.field, lower, upper))

    def choices(self, changelist):
        # Keep every other parameter (search, ordering, other filters) in the form.
        preserved = {key: values for key, values in self.request.GET.lists() if key not in self.expected_parameters()}
        yield {
            "parameter_from": f"{self.parameter}_from",
            "parameter_to": f"{self.parameter}_to",
            "value_from": self.used_parameters.get(f"{self.parameter}_from", ""),
            "value_to": self.used_parameters.get(f"{self.parameter}_to", ""),
            "preserved": preserved,
            "clear_url": changelist.get_query_string(remove=self.expected_parameters()),
        }


def partial_date_range_filter(field: str, title: str, parameter: str | None = None):
    """A PartialDateRangeFilter over ``field`` (a daterange column)."""
    return type(
        f"{field.title()}RangeFilter",
        (PartialDateRangeFilter,),
        {"field": field, "title": title, "parameter": parameter or field},
    )


class ArrayChoiceFilter(admin.SimpleListFilter):
    """Filter an ArrayField of choices by one value (e.g. an event's domains)."""

    field = "domains"
    choices_class = None

    def lookups(self, request, model_admin):
        return self.choices_class.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{f"{self.field}__contains": [self.value()]})
        return queryset
