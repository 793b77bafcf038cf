"""The ground floor: the machinery every curated record shares.

It imports no app. The apps (``events``, ``sources``) build on it and plug
their records into it explicitly, in their ``AppConfig.ready()``, through
``curation.registry``.

- ``models``: abstract records (audited, keyed, publishable, retractable, dated) and the
  conventions each brings (permissions, indexes, checks).
- ``partial_dates``: a year, month or day stored as the range it covers.
- ``workflow``: the one status vocabulary, who may set which status, publish and unpublish.
- ``history``: the history pages, readable diffs, restore with a preview, deleted records.
- ``csvio``: strict CSV import and export in the fixture format.
- ``api``: the read-only API's building blocks (pagination, parameters, caching, CSV, errors, schema).
- ``admin``: the admin site (index, review queue), the base admin class, form fields, keys,
  constraint and list-parameter errors, list filters.
- ``registry``: what the apps plug in.
"""
