"""The OpenAPI schema: filters from their own definitions, and every error documented.

Every operation lists 400, 404, 405 and 429 (and 304 for conditional GETs), so
a schema-driven client meets no undocumented status. List operations document
``text/csv`` beside JSON; resource responses document their caching headers.
"""

from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiFilterExtension
from drf_spectacular.plumbing import ResolvedComponent

from .as_of import HELP as AS_OF_HELP
from .errors import VALIDATION_ERROR_SCHEMA, ErrorSerializer
from .filters import STATE_CODE_SCHEMA, STATE_CODE_SCHEMA_NAME, as_of_schema

ERROR_RESPONSES = {
    "400": ("A query parameter is malformed or unknown to its vocabulary; the body names it.", None),
    "404": ("No published record has this key, or the URL names no resource.", ErrorSerializer),
    "405": ("The API is read-only: only GET, HEAD and OPTIONS are allowed.", ErrorSerializer),
    "429": ("Too many requests from this address; retry after the Retry-After seconds.", ErrorSerializer),
}
CACHING_HEADERS = {
    "ETag": {"schema": {"type": "string"}, "description": "Changes whenever the data shown could have changed."},
    "Last-Modified": {"schema": {"type": "string"}, "description": "Time of the latest change to the data."},
    "Cache-Control": {"schema": {"type": "string"}, "description": "Cacheable by shared caches for max-age seconds."},
}


def state_code_ref(registry) -> dict:
    component = ResolvedComponent(
        name=STATE_CODE_SCHEMA_NAME,
        type=ResolvedComponent.SCHEMA,
        object=STATE_CODE_SCHEMA_NAME,
        schema=STATE_CODE_SCHEMA,
    )
    registry.register_on_missing(component)
    return component.ref


class FilterExtension(OpenApiFilterExtension):
    """Parameters of ``curation.api.filters.FilterBackend``, as each filter describes itself."""

    target_class = "curation.api.filters.FilterBackend"
    priority = 1

    def get_schema_operation_parameters(self, auto_schema, *args, **kwargs):
        filterset_class = getattr(auto_schema.view, "filterset_class", None)
        if filterset_class is None:
            return []
        ref = state_code_ref(auto_schema.registry)
        return [
            filter_.openapi_parameter(name, ref)
            for name, filter_ in filterset_class.base_filters.items()
            if hasattr(filter_, "openapi_parameter")
        ]


class AutoSchema(openapi.AutoSchema):
    def get_description(self):
        # Only what a view says to readers (extend_schema's description), never the
        # developers' docstrings of its classes and methods.
        return ""

    def _get_format_parameters(self):
        parameters = super()._get_format_parameters()
        for parameter in parameters:
            parameter["description"] = (
                "json (the default), or csv: the whole filtered list (not one page) in the columns of the "
                "fixture files, formula-escaped. Accept: text/csv does the same."
            )
        return parameters

    def _get_filter_parameters(self):
        parameters = super()._get_filter_parameters()
        # A list declares as_of among its filters; a detail takes it too.
        if getattr(self.view, "takes_as_of", False) and not any(p["name"] == "as_of" for p in parameters):
            parameters.append(
                {
                    "name": "as_of",
                    "in": "query",
                    "required": False,
                    "description": AS_OF_HELP,
                    "schema": as_of_schema(),
                }
            )
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        ok = responses.get("200")
        if ok and "text/csv" in ok.get("content", {}):
            ok["content"]["text/csv"] = {
                "schema": {"type": "string", "description": "The whole filtered list, fixture-compatible CSV."}
            }
        conditional = getattr(self.view, "conditional", False)
        if ok and conditional:
            ok["headers"] = dict(CACHING_HEADERS)
            responses["304"] = {
                "description": "Not modified: the copy named by If-None-Match or If-Modified-Since is current.",
                "headers": dict(CACHING_HEADERS),
            }
        for code, (description, serializer) in ERROR_RESPONSES.items():
            if serializer is None:
                content = {"application/json": {"schema": VALIDATION_ERROR_SCHEMA}}
            else:
                content = {"application/json": {"schema": self.resolve_serializer(serializer(), direction).ref}}
            responses[code] = {"description": description, "content": content}
            if code == "429":
                responses[code]["headers"] = {
                    "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}
                }
        return responses
