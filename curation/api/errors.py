"""Error responses: always JSON, whatever format was asked for.

A 400 maps each offending query parameter to its messages
(``{"page_size": ["At most 100 results per page..."]}``); 404, 405 and 429 carry
``{"detail": "..."}``. A 304 (see ``caching``) has no body.
"""

from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.views import exception_handler as drf_exception_handler

from .caching import NotModified, not_modified_response


def exception_handler(exc, context):
    if isinstance(exc, NotModified):
        return not_modified_response()
    response = drf_exception_handler(exc, context)
    request = context.get("request")
    if response is not None and request is not None:
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type
    return response


class ErrorSerializer(serializers.Serializer):
    """Schema of 404, 405 and 429 responses."""

    detail = serializers.CharField(help_text="What went wrong, in words.")

    class Meta:
        ref_name = "Error"


#: Schema of a 400: each offending query parameter with its messages.
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": "Each offending query parameter, with what is wrong with it.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "example": {"page_size": ["At most 100 results per page; follow the next link for more."]},
}
