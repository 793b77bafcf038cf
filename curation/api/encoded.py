"""JSON encoded once, by orjson, and put into the answer as it is.

The representations PostgreSQL builds (``curation.api.json_sql``) reach Python as plain lists,
dicts, strings, numbers, booleans and nulls (decoded by orjson). The standard library's encoder,
which DRF's ``JSONRenderer`` uses, took a tenth of an uncached events page's time to write them out
again (0.5 ms for 25 events at 300,000); orjson writes the same bytes in a twentieth of that. The
rest of an answer (the page's links, facets, errors) is still DRF's to write, so its encoder's rules
(lazy strings, dates, decimals) stay where they apply.
"""

from __future__ import annotations

import orjson
from rest_framework.renderers import JSONRenderer as DRFJSONRenderer

# DRF writes these two as escapes (JavaScript, unlike JSON, takes them for line ends); so must we.
_LINE_SEPARATORS = (("\u2028".encode(), b"\\u2028"), ("\u2029".encode(), b"\\u2029"))


class Encoded(bytes):
    """A JSON value already encoded, as DRF's ``JSONRenderer`` would encode it (compact, UTF-8)."""


def encoded(value) -> Encoded:
    """``value`` (JSON types only: what orjson decoded) encoded as DRF would."""
    text = orjson.dumps(value)
    for character, escape in _LINE_SEPARATORS:
        if character in text:
            text = text.replace(character, escape)
    return Encoded(text)


class JSONRenderer(DRFJSONRenderer):
    """DRF's renderer, which puts an ``Encoded`` answer, or an ``Encoded`` member of an answer, in as it is."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        has_encoded = isinstance(data, Encoded) or (
            isinstance(data, dict) and any(isinstance(value, Encoded) for value in data.values())
        )
        if not has_encoded:
            return super().render(data, accepted_media_type, renderer_context)
        if self.get_indent(accepted_media_type or "", renderer_context or {}):
            return super().render(decoded(data), accepted_media_type, renderer_context)  # laid out for reading
        if isinstance(data, Encoded):
            return bytes(data)
        members = []
        for name, value in data.items():
            members.append(
                self._value(name, accepted_media_type, renderer_context)
                + b":"
                + self._value(value, accepted_media_type, renderer_context)
            )
        return b"{" + b",".join(members) + b"}"

    def _value(self, value, accepted_media_type, renderer_context) -> bytes:
        if isinstance(value, Encoded):
            return bytes(value)
        if value is None:
            return b"null"  # (DRF renders a whole answer of None as an empty body)
        return super().render(value, accepted_media_type, renderer_context)


def decoded(data):
    if isinstance(data, Encoded):
        return orjson.loads(bytes(data))  # (orjson takes no subclass of bytes)
    return {name: decoded(value) if isinstance(value, Encoded) else value for name, value in data.items()}
