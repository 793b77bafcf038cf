"""The read-only REST API's shared machinery.

One job per module: pagination (keyset cursors), partial dates (serializer field
and parameter), filters (strict query parameters and their OpenAPI description),
caching (ETag / Last-Modified from the history tables), CSV (streaming), content
negotiation, errors, the OpenAPI schema class, the base serializer and view set,
the API root and the documentation pages. The resources themselves live in
``events/api/`` and ``sources/api/``; the project wires them up in ``axisdb/api_urls.py``.
"""
