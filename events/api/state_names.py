"""State parameters that take a reader's names as well as ISO3 codes: ``participant=North Korea,Iran``.

An ISO3 code is taken as it is (no query); anything else is resolved through the
states' names, short names and aliases (``State.objects.codes_named``: one query
for all the names of a parameter), and a name no state has is a 400 naming the
parameter and the value.
"""

from django import forms

from curation.api.filters import ISO3_CODES, StateCodesField, StateFilter, StatesFilter

from ..models import State

NAMES_HELP = " A state's name, short name or alias (North Korea, DPRK) may be given instead of its code."


class StateNamesField(StateCodesField):
    def to_python(self, value):
        if value in self.empty_values:
            return [] if self.many else None
        given = value.split(",") if self.many else [value]
        names = [item for item in given if item not in ISO3_CODES]
        resolved = State.objects.codes_named(names) if names else {}
        for name in names:
            if name not in resolved:
                raise forms.ValidationError(
                    "%(name)r is neither an ISO 3166-1 alpha-3 code (PRK) nor the name, short name or alias "
                    "of a state (North Korea, DPRK).",
                    code="unknown_state",
                    params={"name": name},
                )
        codes = [resolved.get(item, item) for item in given]
        if self.exactly is not None:
            if len(codes) != self.exactly:
                raise forms.ValidationError(f"Give exactly {self.exactly} states separated by a comma.", code="count")
            if len(set(codes)) != len(codes):
                raise forms.ValidationError("Give different states.", code="duplicate")
        return codes if self.many else codes[0]


class StateNameFilter(StateFilter):
    """One state: its ISO3 code or one of its names."""

    field_class = StateNamesField


class StateNamesFilter(StatesFilter):
    """Several states separated by commas: ISO3 codes or names (``RUS,North Korea``)."""

    field_class = StateNamesField
