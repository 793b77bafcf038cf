"""``/api/download/``: the whole public data set as one zip, streamed.

A CSV file per record type in the fixture format (``fixtures/README.md``),
citations included, and ``datapackage.json`` describing them (a Frictionless Data
Package: resources, the schema of every column, licence, sources).
``files.py`` names the files and what fills them, ``datapackage.py`` describes
them, ``archive.py`` streams the zip, ``api.py`` serves it. It sits above
``events`` and ``sources``.
"""
