"""The explorer's query parameters: the API's own, parsed by the API's filter sets.

A page's URL carries exactly the API parameters of what it shows (plus the
explorer's display options, such as ``lanes``), so that its CSV and JSON links
are the same list in the API. A form sends empty boxes and one value per ticked
box; ``canonical`` folds those into the API's form (``participant=CHN,RUS``) and
the page redirects there, so the address bar always holds a shareable, minimal URL.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import QueryDict
from rest_framework.exceptions import ValidationError

from curation.api.filters import FilterSet


class BadParametersError(Exception):
    """A query parameter the page cannot take: ``errors`` maps each name to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class Options:
    """Display choices of a page that are not API parameters: ``{name: (allowed values...)}``."""

    choices: dict[str, tuple[str, ...]]

    def clean(self, query: dict[str, str]) -> dict[str, str]:
        errors = {}
        cleaned = {}
        for name, allowed in self.choices.items():
            value = query.get(name, allowed[0])
            if value not in allowed:
                errors[name] = [f"{value!r} is not one of: {', '.join(allowed)}."]
            cleaned[name] = value
        if errors:
            raise BadParametersError(errors)
        return cleaned


def canonical(query: QueryDict, multi: tuple[str, ...] = ()) -> dict[str, str]:
    """The query as one value per name: empty values dropped, the ``multi`` names' values joined by commas."""
    folded = {}
    for name in query:
        values = [value for value in query.getlist(name) if value != ""]
        if not values:
            continue
        if name in multi:
            parts = (part.strip() for value in values for part in value.split(","))
            folded[name] = ",".join(dict.fromkeys(part for part in parts if part))
        elif len(values) == 1:
            folded[name] = values[0]
        else:
            raise BadParametersError({name: ["Give this parameter once."]})
    return folded


#: API parameters the pages do not take: they draw the present and everything in it, so an answer as of a past
#: moment (``as_of``) or only what changed since one (``updated_since``, for keeping a copy in step) is refused.
API_ONLY = ("as_of", "updated_since")


def parse(filterset: type[FilterSet], model, query: dict[str, str], options: Options | None = None):
    """``(filters, options)``: the API parameters cleaned by ``filterset`` (of ``model``), and the page's own options.

    Anything else (the API's pages and formats included) is refused, naming the parameter.
    """
    own = options.choices if options else {}
    # API_ONLY parameters are refused, never ignored.
    accepted = [*(name for name in filterset.base_filters if name not in API_ONLY), *own]
    unknown = [name for name in query if name not in accepted]
    if unknown:
        message = f"Unknown parameter. This page takes: {', '.join(accepted)}."
        raise BadParametersError({name: [message] for name in unknown})
    api_query = QueryDict(mutable=True)
    for name, value in query.items():
        if name not in own:
            api_query[name] = value
    try:
        filters = filterset(data=api_query, queryset=model.objects.none()).cleaned()
    except ValidationError as error:
        errors = {name: [str(message) for message in messages] for name, messages in error.detail.items()}
        raise BadParametersError(errors) from None
    return filters, (options.clean(query) if options else {})


def api_query(query: dict[str, str], options: Options | None = None) -> dict[str, str]:
    """The API parameters of a page's query (its display options left out)."""
    own = options.choices if options else {}
    return {name: value for name, value in query.items() if name not in own}


def with_query(url: str, query: dict[str, str]) -> str:
    return f"{url}?{urlencode(query, safe=',')}" if query else url
