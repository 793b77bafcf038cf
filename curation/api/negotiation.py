"""Content negotiation that never answers 404 or 406.

``?format=`` must name one of the view's formats (else a 400 naming ``format``);
an ``Accept`` header that matches nothing falls back to the view's first format
(JSON), as RFC 9110 allows, rather than a 406.
"""

from rest_framework.exceptions import NotAcceptable, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.settings import api_settings


class ContentNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        parameter = api_settings.URL_FORMAT_OVERRIDE
        if parameter and parameter in request.query_params:
            values = request.query_params.getlist(parameter)
            formats = [renderer.format for renderer in renderers]
            if len(values) != 1 or values[0] not in formats:
                raise ValidationError({parameter: [f"Use one of: {', '.join(formats)}."]})
            chosen = [renderer for renderer in renderers if renderer.format == values[0]]
            return chosen[0], chosen[0].media_type
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except NotAcceptable:  # answer in the default format instead
            return renderers[0], renderers[0].media_type
