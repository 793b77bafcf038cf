"""The OpenAPI schema, Swagger UI and Redoc, served without internet.

The UIs load their scripts from drf-spectacular-sidecar's static files
(``SWAGGER_UI_DIST``/``REDOC_DIST = "SIDECAR"``); Redoc's template is replaced by
one that does not fetch Google Fonts, and Swagger UI's validator badge (which
calls validator.swagger.io) is switched off in ``SWAGGER_UI_SETTINGS``. Both
templates (``curation/templates/api/``) give their start-up script the request's
Content-Security-Policy nonce.
"""

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from .viewsets import ReadOnlyMixin


@extend_schema(exclude=True)
class SchemaView(ReadOnlyMixin, SpectacularAPIView):
    http_method_names = ["get", "head", "options"]


@extend_schema(exclude=True)
class SwaggerView(ReadOnlyMixin, SpectacularSwaggerView):
    http_method_names = ["get", "head", "options"]
    template_name = "api/swagger_ui.html"


@extend_schema(exclude=True)
class RedocView(ReadOnlyMixin, SpectacularRedocView):
    http_method_names = ["get", "head", "options"]
    template_name = "api/redoc.html"
