"""``/api/changes/?since=<time>``: what a reader could see change after a moment, to keep a copy in sync.

Each entry names a record (type and key), what happened (created, updated,
withdrawn) and when; ``next`` is the URL to ask next time (its ``since`` is the
cursor: the moment up to which this answer is complete).
"""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from curation.api.caching import ConditionalGetMixin
from curation.api.filters import check_known_parameters
from curation.api.time_filters import DateTimeField
from curation.api.viewsets import ReadOnlyMixin

from .tracking import CREATED, UPDATED, WITHDRAWN, changes_since, safe_until

PARAMETERS = ("since", "page_size", "format")
DETAIL_LOOKUP = {"state": "iso3", "citation": "key"}


class ChangeSerializer(serializers.Serializer):
    type = serializers.ChoiceField(
        choices=["state", "event", "relationship", "source", "claim", "citation"], help_text="The kind of record."
    )
    key = serializers.CharField(help_text="The record's key (ISO3 for a state, <claim>~<source> for a citation).")
    change = serializers.ChoiceField(
        choices=[CREATED, UPDATED, WITHDRAWN],
        help_text="created: public now and not before; updated: its public representation changed; withdrawn: "
        "no longer public (unpublished, retracted, hidden with its subject, or deleted): drop it.",
    )
    changed_at = serializers.DateTimeField(help_text="When it last changed.")
    api_url = serializers.CharField(allow_null=True, help_text="Its detail in the API; null when withdrawn.")

    class Meta:
        ref_name = "Change"


class ChangesSerializer(serializers.Serializer):
    since = serializers.DateTimeField()
    until = serializers.DateTimeField(help_text="Every change up to this moment is listed (unless more is true).")
    more = serializers.BooleanField(help_text="True when this answer stops early: ask next for the rest.")
    next = serializers.CharField(help_text="The URL to ask next (since = until, or where this answer stopped).")
    results = ChangeSerializer(many=True)

    class Meta:
        ref_name = "Changes"


SINCE = OpenApiParameter(
    "since",
    OpenApiTypes.DATETIME,
    required=True,
    description="The moment after which changes are listed (RFC 3339 with its offset, e.g. 2025-01-01T00:00:00Z): "
    "the time of your download, or the since of the next link of the previous answer.",
)
PAGE_SIZE = OpenApiParameter(
    "page_size",
    {"type": "integer", "minimum": 1, "maximum": settings.AXISDB_API_MAX_PAGE_SIZE},
    description="At most this many changes (more when several share the last time); "
    "AXISDB_API_PAGE_SIZE by default, at most AXISDB_API_MAX_PAGE_SIZE.",
)


class ChangesView(ReadOnlyMixin, ConditionalGetMixin, APIView):
    """Conditional like the lists (the answer only changes with the public data), so the API's front door
    (``axisdb.api_requests``) runs it in one transaction under the statements' time limit."""

    http_method_names = ["get", "head", "options"]
    conditional = True

    @extend_schema(
        operation_id="changes_list",
        summary="What changed since a moment",
        description="Records a reader could see change after since: created, updated and withdrawn (unpublished, "
        "retracted or deleted), oldest first, with their keys and times. A record that was never public never "
        "appears. To keep a copy in sync: apply each entry (fetch the created and updated ones, or the lists "
        "with updated_since; drop the withdrawn ones), then ask the next URL.",
        parameters=[SINCE, PAGE_SIZE],
        responses=ChangesSerializer,
    )
    def get(self, request, *args, **kwargs):
        since, size = self.read_parameters(request)
        until = safe_until()
        changes = [change for change in changes_since(since) if change.changed_at <= until]
        more = len(changes) > size
        if more:
            # Stop after the size-th change, with every change of the same moment: ``next`` resumes after it.
            until = changes[size - 1].changed_at
            changes = [change for change in changes if change.changed_at <= until]
        next_url = replace_query_param(request.build_absolute_uri(), "since", until.isoformat())
        return Response(
            {
                "since": since,
                "until": until,
                "more": more,
                "next": next_url,
                "results": [self.entry(request, change) for change in changes],
            }
        )

    @staticmethod
    def read_parameters(request):
        check_known_parameters(request.query_params, PARAMETERS)
        errors = {}
        values = request.query_params.getlist("since")
        since = None
        if len(values) != 1:
            errors["since"] = ["Give this parameter once: the moment after which changes are listed."]
        else:
            try:
                since = DateTimeField().clean(values[0])
            except DjangoValidationError as error:
                errors["since"] = error.messages
        size = settings.AXISDB_API_PAGE_SIZE
        sizes = request.query_params.getlist("page_size")
        if sizes:
            if (
                len(sizes) > 1
                or not sizes[0].isascii()
                or not sizes[0].isdigit()
                or not 1 <= int(sizes[0]) <= settings.AXISDB_API_MAX_PAGE_SIZE
            ):
                errors["page_size"] = [f"Give a whole number from 1 to {settings.AXISDB_API_MAX_PAGE_SIZE}."]
            else:
                size = int(sizes[0])
        if errors:
            raise ValidationError(errors)
        return since, size

    @staticmethod
    def entry(request, change) -> dict:
        url = None
        if change.change != WITHDRAWN:
            lookup = DETAIL_LOOKUP.get(change.type, "slug")
            url = reverse(f"api:{change.type}-detail", kwargs={lookup: change.key}, request=request)
        return {
            "type": change.type,
            "key": change.key,
            "change": change.change,
            "changed_at": change.changed_at,
            "api_url": url,
        }
