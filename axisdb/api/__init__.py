"""The read-only REST API's shared machinery.

One job per module: pagination (keyset cursors), partial dates (serializer field
and filter), filters (strict query parameters and their OpenAPI description),
caching (ETag / Last-Modified from the history tables), CSV (escaping and
streaming), content negotiation, errors, throttling, the OpenAPI schema class,
the base view set, the API root, the documentation pages and the URLs. The
resources themselves live in ``events/api/`` and ``sources/api/``.
"""
