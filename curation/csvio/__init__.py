"""CSV import and export in the fixture format (``fixtures/README.md``).

One job per module:

- ``errors``: what can go wrong, said so that an editor can fix it (``Problem``, ``CsvFileError``).
- ``decoding``: bytes to text: the size cap, UTF-8 with or without a BOM, nothing else.
- ``reading``: text to a ``tablib.Dataset``: strict RFC 4180 parsing and header checks.
- ``formulae``: the spreadsheet-formula escaping applied on export and reversed on import.
- ``widgets`` and ``fields``: cell <-> value conversions used by the resources (partial dates,
  states by code/name/alias, strict foreign keys, ``;``-separated lists, choices).
- ``resource``: ``FixtureResource``, the strict base of every model's resource.
- ``report``: per-file counts and error lines (``file:row N: column X: value 'v': message``).
- ``importer``: the fixture files in dependency order and how one file is imported.
- ``services``: the atomic entry points (``fixtures_import``, ``csv_file_import``, ``fixtures_export``).
- ``export``: ``rows_for`` and ``csv_text`` for anything that serves fixture-format CSV (API).
- ``formats`` and ``admin``: the same machinery plugged into django-import-export's admin.
"""
