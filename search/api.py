"""``/api/search/?q=``: states, events, relationships, claims and sources ranked together.

Pages are numbered and bounded (``page`` up to ``MAX_PAGES``): a search is for
the best matches; a whole type is read through its list's ``q``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from curation.api.caching import ConditionalGetMixin
from curation.api.filters import MAX_TEXT_LENGTH, TextField, check_known_parameters
from curation.api.viewsets import ReadOnlyMixin

from .selectors import TYPES, search_public

PARAMETERS = ("q", "page", "page_size")
MAX_PAGES = 10
DETAIL_LOOKUP = {"state": "iso3"}
#: Blank to both readers of ``q``'s pattern: JavaScript's ``\s`` (the schema's dialect: Swagger UI, schemathesis)
#: and Python's ``str.strip`` (the field), which disagree on the controls \x1c-\x1f, \x85 and \ufeff.
BLANK = (
    "\t\n\v\f\r \x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000\ufeff"
)


class HitSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=list(TYPES), help_text="The kind of record.")
    key = serializers.CharField(help_text="The record's key (ISO3 for a state).")
    title = serializers.CharField(
        help_text="What the record is called: a state's short name, an event's or source's title, a claim's "
        "statement, a tie's states and kind."
    )
    rank = serializers.FloatField(
        help_text="How well it matches, from 0 to 1 (full-text rank; a state named exactly is 1)."
    )
    api_url = serializers.CharField(help_text="Its detail in the API.")

    class Meta:
        ref_name = "SearchHit"


class SearchPageSerializer(serializers.Serializer):
    q = serializers.CharField(help_text="The search, as read (trimmed).")
    page = serializers.IntegerField()
    next = serializers.CharField(allow_null=True, help_text="The next page's URL; null on the last one.")
    previous = serializers.CharField(allow_null=True, help_text="The previous page's URL; null on the first.")
    results = HitSerializer(many=True)

    class Meta:
        ref_name = "SearchPage"


Q_PARAMETER = OpenApiParameter(
    "q",
    {
        "type": "string",
        "minLength": 1,
        "maxLength": MAX_TEXT_LENGTH,
        # at least one character that is not blank (BLANK), and no NUL (PostgreSQL cannot hold one)
        "pattern": "^[^\\u0000]*[^\\s\\u0000\\u001c-\\u001f\\u0085][^\\u0000]*$",
    },
    required=True,
    description="Full-text search (PostgreSQL, English stemming) in web search syntax: words, "
    "\"quoted phrases\", OR, and -excluded words, as each list's q. A state's name, short name, code or alias "
    "also finds the state, and the events and ties it takes part in (DPRK finds North Korea).",
)
PAGE_PARAMETER = OpenApiParameter(
    "page",
    {"type": "integer", "minimum": 1, "maximum": MAX_PAGES},
    description=f"Which page of results (1 unless given; at most {MAX_PAGES}: a search shows its best matches).",
)
PAGE_SIZE_PARAMETER = OpenApiParameter(
    "page_size",
    {"type": "integer", "minimum": 1, "maximum": settings.AXISDB_API_MAX_PAGE_SIZE},
    description="Results per page: AXISDB_API_PAGE_SIZE unless given, at most AXISDB_API_MAX_PAGE_SIZE.",
)


def whole_number(values: list[str], *, name: str, default: int, highest: int, errors: dict) -> int:
    if not values:
        return default
    value = values[0]
    if len(values) > 1 or not value.isascii() or not value.isdigit() or not 1 <= int(value) <= highest:
        errors[name] = [f"Give a whole number from 1 to {highest}, once."]
        return default
    return int(value)


class SearchView(ReadOnlyMixin, ConditionalGetMixin, APIView):
    """Conditional like the lists, so the API's front door (``axisdb.api_requests``) runs it in one
    transaction under the statements' time limit, and its answers are kept by the data's version."""

    http_method_names = ["get", "head", "options"]
    conditional = True

    @extend_schema(
        operation_id="search",
        summary="One search across every kind of record",
        description="Published states, events, relationships, claims and sources matching q, ranked together "
        "(best first, then by type and key), each with its type, key, title and API URL. Each type is matched "
        "as its own list's q matches it. Numbered pages, at most "
        f"{MAX_PAGES}.",
        parameters=[Q_PARAMETER, PAGE_PARAMETER, PAGE_SIZE_PARAMETER],
        responses=SearchPageSerializer,
    )
    def get(self, request, *args, **kwargs):
        text, page, size = self.read_parameters(request)
        hits = search_public(text, limit=page * size + 1)
        more = len(hits) > page * size
        hits = hits[(page - 1) * size : page * size]
        url = request.build_absolute_uri()
        previous = None
        if page > 1:
            previous = remove_query_param(url, "page") if page == 2 else replace_query_param(url, "page", page - 1)
        return Response(
            {
                "q": text,
                "page": page,
                "next": replace_query_param(url, "page", page + 1) if more and page < MAX_PAGES else None,
                "previous": previous,
                "results": [self.entry(request, hit) for hit in hits],
            }
        )

    @staticmethod
    def read_parameters(request):
        check_known_parameters(request.query_params, PARAMETERS)
        errors = {}
        text = ""
        values = request.query_params.getlist("q")
        if len(values) != 1:
            errors["q"] = ["Give this parameter once: what to search for."]
        else:
            try:
                text = TextField(required=True, blank=BLANK).clean(values[0])
            except DjangoValidationError as error:
                errors["q"] = error.messages
        page = whole_number(
            request.query_params.getlist("page"), name="page", default=1, highest=MAX_PAGES, errors=errors
        )
        size = whole_number(
            request.query_params.getlist("page_size"),
            name="page_size",
            default=settings.AXISDB_API_PAGE_SIZE,
            highest=settings.AXISDB_API_MAX_PAGE_SIZE,
            errors=errors,
        )
        if errors:
            raise ValidationError(errors)
        return text, page, size

    @staticmethod
    def entry(request, hit) -> dict:
        lookup = DETAIL_LOOKUP.get(hit.type, "slug")
        return {
            "type": hit.type,
            "key": hit.key,
            "title": hit.title,
            "rank": hit.rank,
            "api_url": reverse(f"api:{hit.type}-detail", kwargs={lookup: hit.key}, request=request),
        }
